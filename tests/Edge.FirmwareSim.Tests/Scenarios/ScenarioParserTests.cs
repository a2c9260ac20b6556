using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    public static TheoryData<string> Builtins() => [.. BuiltinScenarios.Names];

    [Theory]
    [MemberData(nameof(Builtins))]
    public void Resolve_BuiltinName_LoadsTheEmbeddedFile(string name)
    {
        var (scenario, error) = ScenarioParser.Resolve(name);

        Assert.Null(error);
        Assert.Equal(name, scenario!.Name);
        Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
    }

    [Fact]
    public void Resolve_FileWithOnlyTheRequiredKeys_TakesTheDocumentedDefaults()
    {
        var path = Write("""
            // comments and trailing commas are allowed
            { "name": "wet-week", "durationH": 168, "storms": [ { "startH": 24, "durationH": 3, }, ], }
            """);

        var (scenario, error) = ScenarioParser.Resolve(path);

        Assert.Null(error);
        Assert.Equal(("wet-week", 168.0, true, 0.45, 1.0), (scenario!.Name, scenario.DurationH, scenario.Showers, scenario.InitialSaturation, scenario.UpstreamRainFactor));
        var storm = Assert.Single(scenario.Storms);
        Assert.Equal((24.0, 3.0, 1200.0, 10.0, 0.8, 0.4), (storm.StartH, storm.DurationH, storm.A, storm.B, storm.C, storm.PeakPosition));
        Assert.Null(scenario.SlopeFailure);
        Assert.Empty(scenario.Faults);
    }

    [Theory]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24", "not a valid scenario file")]
    [InlineData("[]", "not a valid scenario file")]
    [InlineData("{ \"name\": \"x\" }", "durationH")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"rainfall\": 3 }", "rainfall")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 0 }", "durationH must be more than 0")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"initialSaturation\": 1.5 }", "initialSaturation must be from 0 to 1 (got 1.5)")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"storms\": [ { \"startH\": 1, \"durationH\": -2 } ] }", "storms[0].durationH must be more than 0")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"storms\": [ { \"startH\": 1, \"durationH\": 2, \"a\": 9000 } ] }", "storms[0]: the storm's peak intensity")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"slopeFailure\": { \"failureAtH\": 5, \"accelerationH\": 8 } }", "slopeFailure.accelerationH must be more than 0 and at most failureAtH")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"faults\": [ { \"device\": \"sm-1\", \"kind\": \"stuck\", \"startH\": 1 } ] }", "faults[0].device must name a device without its prefix")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"faults\": [ { \"device\": \"sm-0001\", \"kind\": \"melted\", \"startH\": 1 } ] }", "faults[0].kind must be one of stuck, spike, drift, dying-battery, silent")]
    [InlineData("{ \"name\": \"x\", \"durationH\": 24, \"faults\": [ { \"device\": \"sm-0001\", \"kind\": \"drift\", \"startH\": 1, \"metric\": \"water_level_m\" } ] }", "faults[0].metric: a soil-moisture reports soil_moisture_pct, pore_pressure_kpa, battery_v")]
    public void Resolve_MalformedFile_SaysWhatIsWrongAndWhere(string json, string expected)
    {
        var path = Write(json);

        var (scenario, error) = ScenarioParser.Resolve(path);

        Assert.Null(scenario);
        Assert.StartsWith(path + ": ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NeitherBuiltinNorFile_NamesTheBuiltins()
    {
        var (scenario, error) = ScenarioParser.Resolve("hurricane");

        Assert.Null(scenario);
        Assert.Equal("\"hurricane\" is neither a built-in scenario (calm, storm, river-flood, slope-failure, sensor-faults) nor a scenario file", error);
    }

    private static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-scenario-").FullName, "scenario.json");
        File.WriteAllText(path, json);
        return path;
    }
}
