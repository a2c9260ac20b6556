using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Notifications;

/// <summary>Escalation and the delivery of notifications (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>How long a critical alert may stay unacknowledged before the next contact tier is told.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EscalationAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the escalation job looks for alerts whose next tier is due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the delivery job sends what the outbox holds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages sent per delivery run at most.</summary>
    [Range(1, 10_000)]
    public int DeliveryBatchSize { get; set; } = 100;

    /// <summary>Attempts before a message is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The pause after the first failed attempt; doubled after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one webhook, SMS gateway or SMTP exchange may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public SmtpSettings Smtp { get; set; } = new();

    public SmsGatewaySettings Sms { get; set; } = new();
}

/// <summary>The SMTP server e-mail notifications go through (<c>Notifications:Smtp</c>).</summary>
public sealed class SmtpSettings
{
    /// <summary>Empty: e-mail contacts cannot be reached (their messages fail with that reason).</summary>
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string Username { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string From { get; set; } = "edge-alerts@localhost";
}

/// <summary>
/// The HTTP SMS gateway (<c>Notifications:Sms</c>): each message is <c>POST {Url}</c> with JSON <c>{"to","text"}</c>
/// and the key in <see cref="ApiKeyHeader"/>; any 2xx is delivered.
/// </summary>
public sealed class SmsGatewaySettings
{
    /// <summary>Empty: SMS contacts cannot be reached (their messages fail with that reason).</summary>
    public string Url { get; set; } = string.Empty;

    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    public string ApiKey { get; set; } = string.Empty;
}
