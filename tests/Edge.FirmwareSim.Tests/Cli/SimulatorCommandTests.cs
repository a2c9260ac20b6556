using Edge.FirmwareSim.Cli;
using Edge.Mqtt;

namespace Edge.FirmwareSim.Tests.Cli;

public sealed class SimulatorCommandTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private SimulatorOptions? _ran;

    [Fact]
    public async Task InvokeAsync_NoArguments_RunsWithTheDefaults()
    {
        Assert.Equal(0, await InvokeAsync());

        Assert.NotNull(_ran);
        Assert.Equal((4, 1.0, "127.0.0.1:1883", 1, null, null), (_ran.Devices, _ran.Rate, _ran.Broker, _ran.Seed, _ran.Duration, _ran.Count));
        Assert.Equal((MqttQualityOfService.AtLeastOnce, "sim-", null, 1000, TimeSpan.FromSeconds(10)), (_ran.Qos, _ran.IdPrefix, _ran.ReportPath, _ran.BufferCapacity, _ran.DrainTimeout));
    }

    [Fact]
    public async Task InvokeAsync_EveryOption_BindsIt()
    {
        var exitCode = await InvokeAsync(
            "--devices", "12", "--rate", "2.5", "--broker", "gateway.local:1884", "--seed", "42", "--duration", "90s",
            "--count", "7", "--qos", "0", "--id-prefix", "load-", "--report", "out/report.json", "--buffer", "50", "--drain-timeout", "1m");

        Assert.Equal(0, exitCode);
        Assert.NotNull(_ran);
        Assert.Equal((12, 2.5, "gateway.local:1884", 42), (_ran.Devices, _ran.Rate, _ran.Broker, _ran.Seed));
        Assert.Equal((TimeSpan.FromSeconds(90), 7L, MqttQualityOfService.AtMostOnce), (_ran.Duration, _ran.Count, _ran.Qos));
        Assert.Equal(("load-", "out/report.json", 50, TimeSpan.FromMinutes(1)), (_ran.IdPrefix, _ran.ReportPath, _ran.BufferCapacity, _ran.DrainTimeout));
    }

    [Fact]
    public async Task InvokeAsync_ShortAliases_BindLikeTheLongNames()
    {
        Assert.Equal(0, await InvokeAsync("-n", "3", "-r", "6", "-b", "[::1]:1883"));

        Assert.Equal((3, 6.0, "[::1]:1883"), (_ran!.Devices, _ran.Rate, _ran.Broker));
    }

    [Theory]
    [InlineData("--devices 0", "--devices must be a whole number of at least 1 (got \"0\")")]
    [InlineData("--devices many", "--devices must be a whole number")]
    [InlineData("--rate 0", "--rate must be a number greater than 0")]
    [InlineData("--rate -3", "--rate must be a number greater than 0")]
    [InlineData("--broker localhost", "--broker must be host:port")]
    [InlineData("--ca-file /nonexistent/ca.crt", "--ca-file must name an existing PEM file")]
    [InlineData("--credentials /nonexistent/credentials.csv", "--credentials: no such file")]
    [InlineData("--broker :1883", "--broker must be host:port")]
    [InlineData("--broker localhost:70000", "--broker must be host:port")]
    [InlineData("--qos 2", "--qos must be 0 or 1")]
    [InlineData("--duration soon", "--duration must be a duration longer than 0")]
    [InlineData("--duration 0s", "--duration must be a duration longer than 0")]
    [InlineData("--duration 50d", "--duration must be a duration longer than 0 and at most 49 days")]
    [InlineData("--count 0", "--count must be a whole number of at least 1")]
    [InlineData("--id-prefix bad/prefix", "--id-prefix may only contain")]
    [InlineData("--buffer 0", "--buffer must be a whole number of at least 1")]
    [InlineData("--report ", "--report must be a file path")]
    [InlineData("--drain-timeout later", "--drain-timeout must be a duration")]
    [InlineData("--drain-timeout 60d", "--drain-timeout must be a duration of at most 49 days")]
    [InlineData("--frobnicate", "Unrecognized command or argument '--frobnicate'")]
    [InlineData("--protocol carrier-pigeon", "--protocol must be mqtt, lpp, chirpstack, tts, sms, gprs or mixed")]
    [InlineData("--scenario hurricane", "--scenario: \"hurricane\" is neither a built-in scenario")]
    [InlineData("--speed 0.5", "--speed must be a number from 1 to 100000 (got \"0.5\")")]
    [InlineData("--speed 60 --rate 2", "--speed and --rate exclude each other")]
    public async Task InvokeAsync_InvalidArgument_ExplainsAndExitsWithTwo(string arguments, string message)
    {
        var exitCode = await InvokeAsync(arguments.Split(' '));

        Assert.Equal(SimulatorCommand.UsageError, exitCode);
        Assert.Null(_ran);
        Assert.Contains(message, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_MalformedScenarioFile_ExplainsAndExitsWithTwo()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-cli-").FullName, "bad.json");
        await File.WriteAllTextAsync(path, "{ \"name\": \"bad\", \"durationH\": 24, \"faults\": [ { \"device\": \"rg-0001\", \"kind\": \"melted\", \"startH\": 1 } ] }");

        Assert.Equal(SimulatorCommand.UsageError, await InvokeAsync("--scenario", path));

        Assert.Null(_ran);
        Assert.Contains($"error: --scenario: {path}: faults[0].kind must be one of", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lpp", "Lpp")]
    [InlineData("ChirpStack", "ChirpStack")]
    [InlineData("tts", "Tts")]
    [InlineData("mixed", "Mixed")]
    public async Task InvokeAsync_Protocol_BindsIt(string name, string expected)
    {
        Assert.Equal(0, await InvokeAsync("--protocol", name));

        Assert.Equal(Enum.Parse<Edge.FirmwareSim.Publishing.DeviceProtocol>(expected), _ran!.Protocol);
    }

    [Fact]
    public async Task InvokeAsync_ScenarioAndSpeed_OneReadingPerSimulatedMinuteUntilTheScenarioEnds()
    {
        Assert.Equal(0, await InvokeAsync("--scenario", "storm", "--speed", "120", "--devices", "8"));

        Assert.Equal(("storm", 120.0), (_ran!.Scenario.Name, _ran.Speed));
        Assert.Equal(8 * 120 / 60.0, _ran.Rate);
        Assert.Equal(36 * 60, _ran.Count); // the storm scenario lasts 36 h
    }

    [Fact]
    public async Task InvokeAsync_NoScenario_IsCalmInLiveMode()
    {
        Assert.Equal(0, await InvokeAsync());

        Assert.Equal(("calm", null), (_ran!.Scenario.Name, _ran.Speed));
    }

    [Fact]
    public async Task InvokeAsync_SeveralInvalidArguments_ReportsEachOfThem()
    {
        Assert.Equal(2, await InvokeAsync("--devices", "0", "--rate", "fast"));

        Assert.Contains("--devices", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--rate must be a number greater than 0 (got \"fast\")", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Help_ListsEveryOptionWithoutRunning()
    {
        Assert.Equal(0, await InvokeAsync("--help"));

        Assert.Null(_ran);
        foreach (var option in new[] { "--devices", "--rate", "--broker", "--seed", "--duration", "--count", "--qos", "--id-prefix", "--report", "--buffer", "--drain-timeout", "--protocol", "--scenario", "--speed" })
        {
            Assert.Contains(option, _output.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("[default: calm]", _output.ToString(), StringComparison.Ordinal);
    }

    private Task<int> InvokeAsync(params string[] args) =>
        SimulatorCommand.InvokeAsync(args, (options, _) =>
        {
            _ran = options;
            return Task.FromResult(0);
        }, _output, _error);
}
