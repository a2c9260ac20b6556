using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;
using Edge.Testing;

namespace Edge.FirmwareSim.Tests.Integration;

/// <summary>
/// The built program with a scenario file of its own and <c>--speed</c> against a real Mosquitto: half an hour of
/// simulated time in three seconds, stamps one simulated minute apart that the gateway's validator accepts (none in the
/// future), and the slope failure written to the report showing in the tilt meter's reading of that minute.
/// </summary>
public sealed class SimulatorSpeedMosquittoTests : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly MosquittoBroker _broker;

    public SimulatorSpeedMosquittoTests(MosquittoBroker broker) => _broker = broker;

    [Fact]
    public async Task Run_ScenarioFileAtSpeed600_SimulatedStampsTheGatewayAcceptsAndTheReportedFailure()
    {
        var folder = Directory.CreateTempSubdirectory("edge-sim-speed-").FullName;
        var scenarioPath = Path.Combine(folder, "quick-slide.json");
        await File.WriteAllTextAsync(scenarioPath, """
            { "name": "quick-slide", "durationH": 0.5, "showers": false,
              "slopeFailure": { "failureAtH": 0.4, "accelerationH": 0.3 } }
            """);
        var reportPath = Path.Combine(folder, "report.json");
        await using var watcher = ExternalProcess.Start(
            "mosquitto_sub", ["-p", _broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-v", "-t", "devices/+/telemetry"], "mosquitto_sub");
        await Task.Delay(500);

        await using (var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"), [
            "--devices", "4", "--speed", "600", "--scenario", scenarioPath, "--broker", _broker.Address, "--id-prefix", "spd-", "--report", reportPath]))
        {
            Assert.True(await simulator.WaitForExitAsync(Patience) == 0, simulator.Output);
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        var scenario = report.RootElement.GetProperty("scenario");
        var simulatedStart = scenario.GetProperty("simulatedStart").GetDateTimeOffset();
        var failure = Assert.Single(scenario.GetProperty("groundTruth").EnumerateArray());
        Assert.Equal(("slope-failure", "spd-tm-0001", 24L), (failure.GetProperty("event").GetString(), failure.GetProperty("deviceId").GetString(), failure.GetProperty("seq").GetInt64()));
        Assert.Equal(simulatedStart.AddMinutes(24), failure.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(4 * 30, report.RootElement.GetProperty("totals").GetProperty("acknowledged").GetInt64());

        await Eventually.HoldsAsync(() => Task.FromResult(Telemetry(watcher.Output, "spd-tm-0001").Count), count => count == 30, Patience, "all 30 tilt readings received");
        var now = TimeProvider.System.GetUtcNow();
        foreach (var device in new[] { "spd-rg-0001", "spd-rl-0001", "spd-sm-0001", "spd-tm-0001" })
        {
            var readings = Telemetry(watcher.Output, device);
            Assert.Equal(Enumerable.Range(1, 30).Select(minute => (DateTimeOffset?)simulatedStart.AddMinutes(minute)), readings.Select(reading => reading.Timestamp));
            Assert.All(readings, reading => Assert.Empty(ReadingValidator.Validate(reading, now).Violations));
            Assert.All(readings, reading => Assert.True(reading.Timestamp <= now, $"{reading.Timestamp:O} is ahead of the wall clock"));
        }

        var displacement = Telemetry(watcher.Output, "spd-tm-0001").Select(reading => reading.Values["displacement_mm"]).ToList();
        Assert.True(displacement[23] - displacement[22] > 500, $"the slide shows at reading 24: {displacement[22]} -> {displacement[23]}");
    }

    private static List<DecodedTelemetry> Telemetry(string output, string device)
    {
        var prefix = $"devices/{device}/telemetry ";
        return [.. output.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => TelemetryJsonDecoder.Decode(Encoding.UTF8.GetBytes(line[prefix.Length..].Trim())).Telemetry!)
            .DistinctBy(reading => reading.Sequence)];
    }
}
