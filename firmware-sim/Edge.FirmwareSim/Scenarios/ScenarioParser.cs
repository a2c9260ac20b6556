using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Scenarios;

/// <summary>
/// Reads and checks a scenario file. Every problem is reported with where it is (<c>storms[1].durationH</c>) and what
/// would be right; unknown properties are errors, so a misspelt key does not silently fall back to a default.
/// </summary>
internal static partial class ScenarioParser
{
    public static readonly IReadOnlyList<string> FaultKinds = ["stuck", "spike", "drift", "dying-battery", "silent"];

    /// <summary>A built-in name, or the path of a scenario file.</summary>
    public static (ScenarioDefinition? Scenario, string? Error) Resolve(string nameOrPath)
    {
        if (BuiltinScenarios.IsBuiltin(nameOrPath))
        {
            return (BuiltinScenarios.Load(nameOrPath), null);
        }

        if (!File.Exists(nameOrPath))
        {
            return (null, $"\"{nameOrPath}\" is neither a built-in scenario ({string.Join(", ", BuiltinScenarios.Names)}) nor a scenario file");
        }

        try
        {
            return Parse(File.ReadAllText(nameOrPath), nameOrPath);
        }
        catch (IOException e)
        {
            return (null, $"cannot read {nameOrPath}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return (null, $"cannot read {nameOrPath}: {e.Message}");
        }
    }

    public static (ScenarioDefinition? Scenario, string? Error) Parse(string json, string source)
    {
        ScenarioDefinition? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(json, ScenarioJson.Default.ScenarioDefinition);
        }
        catch (JsonException e)
        {
            return (null, $"{source}: not a valid scenario file: {e.Message}");
        }

        if (scenario is null)
        {
            return (null, $"{source}: the scenario must be a JSON object");
        }

        if (scenario.Storms is null || scenario.Faults is null || scenario.Name is null)
        {
            return (null, $"{source}: name must be a string, storms and faults lists");
        }

        var problems = Validate(scenario).ToList();
        return problems.Count == 0 ? (scenario, null) : (null, $"{source}: " + string.Join("; ", problems));
    }

    private static IEnumerable<string> Validate(ScenarioDefinition scenario)
    {
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            yield return "name must not be empty";
        }

        if (!(scenario.DurationH > 0 && scenario.DurationH <= 24 * 366))
        {
            yield return $"durationH must be more than 0 and at most a year of hours (got {scenario.DurationH})";
        }

        if (!(scenario.InitialSaturation is >= 0 and <= 1))
        {
            yield return $"initialSaturation must be from 0 to 1 (got {scenario.InitialSaturation})";
        }

        if (!(scenario.UpstreamRainFactor is >= 0 and <= 10))
        {
            yield return $"upstreamRainFactor must be from 0 to 10 (got {scenario.UpstreamRainFactor})";
        }

        for (var index = 0; index < scenario.Storms.Count; index++)
        {
            foreach (var problem in Validate(scenario.Storms[index], $"storms[{index}]"))
            {
                yield return problem;
            }
        }

        if (scenario.SlopeFailure is { } failure)
        {
            if (!(failure.FailureAtH > 0))
            {
                yield return $"slopeFailure.failureAtH must be more than 0 (got {failure.FailureAtH})";
            }

            if (!(failure.AccelerationH > 0 && failure.AccelerationH <= failure.FailureAtH))
            {
                yield return $"slopeFailure.accelerationH must be more than 0 and at most failureAtH (got {failure.AccelerationH})";
            }

            if (!(failure.OnsetVelocityMmh is > 0 and <= 100))
            {
                yield return $"slopeFailure.onsetVelocityMmh must be more than 0 and at most 100 (got {failure.OnsetVelocityMmh})";
            }
        }

        for (var index = 0; index < scenario.Faults.Count; index++)
        {
            foreach (var problem in Validate(scenario.Faults[index], $"faults[{index}]"))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> Validate(DesignStormDefinition storm, string where)
    {
        if (!(storm.StartH >= 0))
        {
            yield return $"{where}.startH must be 0 or more (got {storm.StartH})";
        }

        if (!(storm.DurationH > 0 && storm.DurationH <= 240))
        {
            yield return $"{where}.durationH must be more than 0 and at most 240 (got {storm.DurationH})";
        }

        if (!(storm.A > 0 && storm.B > 0 && storm.C is > 0 and < 1))
        {
            yield return $"{where}: the IDF curve needs a > 0, b > 0 and 0 < c < 1 (got a {storm.A}, b {storm.B}, c {storm.C})";
        }

        if (!(storm.PeakPosition is > 0 and < 1))
        {
            yield return $"{where}.peakPosition must be between 0 and 1 (got {storm.PeakPosition})";
        }
        else if (storm.A / Math.Pow(storm.B, storm.C) > 500)
        {
            yield return $"{where}: the storm's peak intensity a / b^c = {storm.A / Math.Pow(storm.B, storm.C):F0} mm/h exceeds the 500 mm/h a gauge may report";
        }
    }

    private static IEnumerable<string> Validate(FaultDefinition fault, string where)
    {
        var match = DeviceReference().Match(fault.Device ?? string.Empty);
        if (!match.Success)
        {
            yield return $"{where}.device must name a device without its prefix, e.g. sm-0001 (kind rg, rl, sm or tm and a four-digit number; got \"{fault.Device}\")";
        }

        if (!FaultKinds.Contains(fault.Kind, StringComparer.Ordinal))
        {
            yield return $"{where}.kind must be one of {string.Join(", ", FaultKinds)} (got \"{fault.Kind}\")";
        }

        if (!(fault.StartH >= 0))
        {
            yield return $"{where}.startH must be 0 or more (got {fault.StartH})";
        }

        if (!(fault.HoursToEmpty > 0))
        {
            yield return $"{where}.hoursToEmpty must be more than 0 (got {fault.HoursToEmpty})";
        }

        if (fault.Metric is { } metric && match.Success)
        {
            var kind = SensorKinds.All.First(kind => SensorKinds.IdCode(kind) == match.Groups["kind"].Value);
            if (!SensorKinds.Metrics(kind).Contains(metric, StringComparer.Ordinal))
            {
                yield return $"{where}.metric: a {SensorKinds.Name(kind)} reports {string.Join(", ", SensorKinds.Metrics(kind))} (got \"{metric}\")";
            }
        }

        if (fault.Magnitude is { } magnitude && !double.IsFinite(magnitude))
        {
            yield return $"{where}.magnitude must be a finite number";
        }
    }

    [GeneratedRegex("^(?<kind>rg|rl|sm|tm)-[0-9]{4}$")]
    private static partial Regex DeviceReference();
}
