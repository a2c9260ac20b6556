using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Alarms;

/// <summary>Local alarms (section <c>Alarms</c>): the rule engine's state, and whom to alert by SMS besides the cloud's list.</summary>
public sealed class AlarmOptions
{
    public const string Section = "Alarms";

    /// <summary>Where the rule engine's state (open alarms, what people were told) is kept; default <c>{Gateway:DataDirectory}/alarms.json</c>.</summary>
    public string? StatePath { get; set; }

    /// <summary>How often silence is checked and deferred notifications are sent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At start, journaled readings received this long ago or less are replayed to refill the rules' windows.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>At most this many readings are replayed at start (the newest), so a huge backlog cannot delay the start for long.</summary>
    [Range(0, 100_000_000)]
    public int MaxReplayReadings { get; set; } = 2_000_000;

    /// <summary>People alerted by SMS in addition to the alarm contacts the cloud sends (works before the first sync).</summary>
    public List<LocalAlarmContact> SmsContacts { get; set; } = [];

    /// <summary>How often an SMS that failed for a reason that may pass is tried again, and how many times.</summary>
    public TimeSpan SmsRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 1000)]
    public int SmsMaxAttempts { get; set; } = 10;
}

/// <summary>A locally configured SMS recipient.</summary>
public sealed class LocalAlarmContact
{
    public string Name { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string MinSeverity { get; set; } = "critical";
}
