using System.Collections.Frozen;
using Edge.Rules.Definitions;

namespace Edge.Rules;

/// <summary>
/// A validated rule, ready to evaluate. Made from a <see cref="RuleDefinition"/> by <see cref="RuleSet.Create"/>; its
/// <see cref="Name"/> (e.g. <c>water_level_m&gt;=2.5</c>) is the alert's <c>rule</c> and, with the device id, the identity of an alarm.
/// </summary>
public sealed class Rule
{
    /// <summary>The <c>metric</c> of a silence alarm: its value is the number of seconds the device has been silent.</summary>
    public const string SilenceMetric = "silent_s";

    /// <summary>Human-readable and stable: the same definition always yields the same name (see <see cref="RuleNames"/>).</summary>
    public required string Name { get; init; }

    public required RuleKind Kind { get; init; }

    /// <summary>The metric evaluated; <see cref="SilenceMetric"/> for silence rules.</summary>
    public required string Metric { get; init; }

    /// <summary>True for a rule <c>below</c> (low battery): the alarm raises when the condition falls to or below a level.</summary>
    public bool Below { get; init; }

    /// <summary>True when the condition is the absolute value (of the reading, or of the rate): movement either way.</summary>
    public bool Magnitude { get; init; }

    /// <summary>One to three levels in increasing severity. A silence rule has one, at its silent time in seconds.</summary>
    public required IReadOnlyList<RuleLevel> Levels { get; init; }

    /// <summary>How long, in measurement time, a level's raise condition must hold before the alarm reaches it.</summary>
    public TimeSpan MinDuration { get; init; }

    /// <summary>Rate and accumulation: the window ending at the evaluated reading.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Rate: the least time between the first and last reading in the window for a rate to be computed.</summary>
    public TimeSpan MinSpan { get; init; }

    /// <summary>Silence: the device's report interval.</summary>
    public TimeSpan ReportInterval { get; init; }

    /// <summary>Silence: how many report intervals without a reading make the device silent.</summary>
    public int Intervals { get; init; }

    /// <summary>The devices the rule is limited to; empty when it is not limited to devices.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>The device kinds the rule is limited to; empty when it is not limited to kinds.</summary>
    public IReadOnlyList<string> DeviceKinds { get; init; } = [];

    public required AlarmCategory Category { get; init; }

    /// <summary>The definition this rule was made from, as it came (for caching and display).</summary>
    public required RuleDefinition Definition { get; init; }

    internal FrozenSet<string> DeviceSet { get; init; } = FrozenSet<string>.Empty;

    internal FrozenSet<string> KindSet { get; init; } = FrozenSet<string>.Empty;

    /// <summary>How far back, in measurement time, one evaluation looks: the window plus the minimum duration.</summary>
    internal TimeSpan Lookback => Window + MinDuration;

    /// <summary>
    /// Whether the rule applies to a device: one of its listed devices, one of its kinds, or, when it lists neither,
    /// every device (that reports its metric).
    /// </summary>
    public bool AppliesTo(string deviceId, string? deviceKind) =>
        DeviceSet.Count > 0 ? DeviceSet.Contains(deviceId)
        : KindSet.Count > 0 ? deviceKind is not null && KindSet.Contains(deviceKind)
        : true;

    /// <summary>True when both rules evaluate readings identically (same name, levels, durations, spans).</summary>
    internal bool EvaluatesLike(Rule other) =>
        Name == other.Name && Kind == other.Kind && Metric == other.Metric && Below == other.Below && Magnitude == other.Magnitude
        && MinDuration == other.MinDuration && Window == other.Window && MinSpan == other.MinSpan
        && ReportInterval == other.ReportInterval && Intervals == other.Intervals && Levels.SequenceEqual(other.Levels);

    public override string ToString() => Name;
}
