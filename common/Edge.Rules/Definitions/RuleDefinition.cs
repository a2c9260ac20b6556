namespace Edge.Rules.Definitions;

/// <summary>
/// One rule as JSON. Every member is optional here so that validation (<see cref="RuleSet.TryCreate"/>) can say what is
/// missing or does not belong, instead of the deserializer failing on the first problem. Which members each kind takes:
/// <list type="table">
/// <item><term>threshold</term><description>metric, levels, direction, magnitude, minDurationS</description></item>
/// <item><term>rate</term><description>metric, levels (per hour), windowS, minSpanS, direction, magnitude, minDurationS</description></item>
/// <item><term>accumulation</term><description>metric, levels, windowS, direction, minDurationS</description></item>
/// <item><term>silence</term><description>reportIntervalS, intervals, severity</description></item>
/// </list>
/// Every kind takes a scope (<see cref="Devices"/> or <see cref="DeviceKinds"/>, or neither: every device) and a <see cref="Description"/>.
/// </summary>
public sealed record RuleDefinition
{
    /// <summary><c>threshold</c>, <c>rate</c>, <c>accumulation</c> or <c>silence</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>A canonical metric (CONTRACTS section 3), e.g. <c>water_level_m</c>. Not for silence.</summary>
    public string? Metric { get; init; }

    /// <summary>Limit the rule to these device ids.</summary>
    public IReadOnlyList<string>? Devices { get; init; }

    /// <summary>Limit the rule to devices of these kinds (<c>rain_gauge</c>, <c>river_level</c>, <c>soil_moisture</c>, <c>tilt_meter</c>).</summary>
    public IReadOnlyList<string>? DeviceKinds { get; init; }

    /// <summary><c>above</c> (the default) or <c>below</c> (e.g. battery).</summary>
    public string? Direction { get; init; }

    /// <summary>Threshold and rate: compare the absolute value (movement either way).</summary>
    public bool? Magnitude { get; init; }

    /// <summary>One to three levels, one per severity.</summary>
    public IReadOnlyList<RuleLevelDefinition>? Levels { get; init; }

    /// <summary>How long (seconds of measurement time) a raise condition must hold before the alarm raises or escalates.</summary>
    public long? MinDurationS { get; init; }

    /// <summary>Rate and accumulation: the window in seconds (at most 7 days).</summary>
    public long? WindowS { get; init; }

    /// <summary>Rate: the least seconds between the first and last reading in the window (default half the window).</summary>
    public long? MinSpanS { get; init; }

    /// <summary>Silence: the device's report interval in seconds.</summary>
    public long? ReportIntervalS { get; init; }

    /// <summary>Silence: the number of report intervals without a reading.</summary>
    public int? Intervals { get; init; }

    /// <summary>Silence: <c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string? Severity { get; init; }

    /// <summary>Free text for people: where the numbers come from.</summary>
    public string? Description { get; init; }
}

/// <summary>One severity level of a rule as JSON.</summary>
public sealed record RuleLevelDefinition
{
    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string? Severity { get; init; }

    /// <summary>The level at which the alarm raises (or escalates to this severity).</summary>
    public double? Raise { get; init; }

    /// <summary>The level at which it leaves this severity: at or below <see cref="Raise"/> for a rule above, at or above for a rule below.</summary>
    public double? Clear { get; init; }
}
