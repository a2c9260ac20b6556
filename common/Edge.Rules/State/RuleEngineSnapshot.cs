using System.Text.Json;
using Edge.Rules.Definitions;

namespace Edge.Rules.State;

/// <summary>
/// What an engine must remember across a restart so as not to raise again what it already raised, nor re-notify what
/// people were already told: the announced alarms (open ones, and recent closed ones, which stop a replayed episode
/// from being raised again) and when each device was last heard. Readings are not in it: replay them from the journal.
/// </summary>
public sealed record RuleEngineSnapshot
{
    public int Version { get; init; } = 1;

    public DateTimeOffset TakenAt { get; init; }

    public IReadOnlyList<DeviceSnapshot> Devices { get; init; } = [];

    public IReadOnlyList<AlarmSnapshot> Alarms { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, RulesJson.Default.RuleEngineSnapshot);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static RuleEngineSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize(json, RulesJson.Default.RuleEngineSnapshot) ?? throw new JsonException("the snapshot is null");
}

/// <summary>When a device was last heard (receive time).</summary>
public sealed record DeviceSnapshot(string DeviceId, DateTimeOffset LastHeard);

/// <summary>The alarms of one device and rule, and what people were last told about them.</summary>
public sealed record AlarmSnapshot
{
    public required string DeviceId { get; init; }

    public required string Rule { get; init; }

    public required string Metric { get; init; }

    public AlarmSeverity NotifiedSeverity { get; init; }

    public DateTimeOffset? NotifiedAt { get; init; }

    /// <summary>Oldest first; only the last may be open.</summary>
    public IReadOnlyList<EpisodeSnapshot> Episodes { get; init; } = [];
}

/// <summary>One announced alarm, in measurement time; <see cref="Cleared"/> is null while it is open.</summary>
public sealed record EpisodeSnapshot
{
    public required DateTimeOffset Raised { get; init; }

    public DateTimeOffset? Cleared { get; init; }

    public required AlarmSeverity Severity { get; init; }

    public required DateTimeOffset LastChange { get; init; }

    public double Value { get; init; }

    public double Threshold { get; init; }
}
