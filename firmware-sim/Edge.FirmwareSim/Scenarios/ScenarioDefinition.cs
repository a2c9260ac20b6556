using System.Text.Json.Serialization;

namespace Edge.FirmwareSim.Scenarios;

/// <summary>
/// A scenario file (firmware-sim/README.md, "Scenario files"): what the weather, the slope and the devices do over
/// <see cref="DurationH"/> hours of simulated time. Times are hours from the scenario's start; reading k of every
/// device is the state at minute k.
/// </summary>
internal sealed record ScenarioDefinition
{
    // Optional properties are settable, not init-only: the JSON source generator assigns init-only ones even when the file
    // leaves them out, which would replace their defaults with zeros.
    public required string Name { get; init; }

    public string Description { get; set; } = string.Empty;

    /// <summary>Simulated hours the scenario lasts; a <c>--speed</c> run ends there.</summary>
    public required double DurationH { get; init; }

    /// <summary>Ordinary showers between the design storms (random episodes, 8 h dry spells on average).</summary>
    public bool Showers { get; set; } = true;

    /// <summary>Soil saturation (0-1) at the start: 0.45 is an ordinary antecedent state, 0.85 a wet catchment.</summary>
    public double InitialSaturation { get; set; } = 0.45;

    /// <summary>How much more rain the river's upstream catchment gets than the slope's gauges (1 = the same).</summary>
    public double UpstreamRainFactor { get; set; } = 1;

    public IReadOnlyList<DesignStormDefinition> Storms { get; set; } = [];

    public SlopeFailureDefinition? SlopeFailure { get; set; }

    public IReadOnlyList<FaultDefinition> Faults { get; set; } = [];

    /// <summary>The name: what <c>--help</c> shows as the default.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// A Chicago design storm (Keifer and Chu, 1957) from the IDF curve <c>i = a / (t + b)^c</c> (i in mm/h, t in minutes),
/// its peak at <see cref="PeakPosition"/> of its duration.
/// </summary>
internal sealed record DesignStormDefinition
{
    public required double StartH { get; init; }

    public required double DurationH { get; init; }

    public double A { get; set; } = 1200;

    public double B { get; set; } = 10;

    public double C { get; set; } = 0.8;

    public double PeakPosition { get; set; } = 0.4;
}

/// <summary>Accelerating creep (Fukuzono's inverse-velocity law) from <c>FailureAtH - AccelerationH</c> to failure at <c>FailureAtH</c>.</summary>
internal sealed record SlopeFailureDefinition
{
    public required double FailureAtH { get; init; }

    public double AccelerationH { get; set; } = 12;

    /// <summary>Creep velocity when the acceleration starts, mm/h.</summary>
    public double OnsetVelocityMmh { get; set; } = 0.5;
}

/// <summary>A fault of one device (<c>rg-0001</c>: its id without the prefix) from <see cref="StartH"/> on.</summary>
internal sealed record FaultDefinition
{
    public required string Device { get; init; }

    /// <summary><c>stuck</c>, <c>spike</c>, <c>drift</c>, <c>dying-battery</c> or <c>silent</c>.</summary>
    public required string Kind { get; init; }

    public required double StartH { get; init; }

    /// <summary>The metric it affects (stuck, spike, drift); default: the kind's main metric.</summary>
    public string? Metric { get; set; }

    /// <summary>Spike height, or drift per hour, in the metric's unit; default per metric.</summary>
    public double? Magnitude { get; set; }

    /// <summary>dying-battery: hours from the start of the fault until the battery browns out and the device goes silent.</summary>
    public double HoursToEmpty { get; set; } = 6;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ScenarioDefinition))]
internal sealed partial class ScenarioJson : JsonSerializerContext;
