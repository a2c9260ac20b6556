using System.Globalization;
using System.Text.Json;
using Edge.Testing;
using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;

namespace Edge.FirmwareSim.Tests.Integration;

/// <summary>
/// The built program against a real Mosquitto, watched by mosquitto_sub as an independent receiver.
/// Needs the real Edge.Mqtt client: against the client stub every device fails to connect and this test fails.
/// </summary>
public sealed class SimulatorMosquittoTests : IAsyncLifetime
{
    private const int Count = 20;
    private static readonly string[] Devices = ["it-rg-0001", "it-rl-0001", "it-sm-0001", "it-tm-0001"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Run_FourDevices_PublishTelemetryAndRetainedStatusThroughARealBroker()
    {
        var port = _broker.Port.ToString(CultureInfo.InvariantCulture);
        var reportPath = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-it-").FullName, "report.json");
        await using var watcher = ExternalProcess.Start("mosquitto_sub", ["-p", port, "-q", "1", "-v", "-t", "devices/#"], "mosquitto_sub");
        await Task.Delay(500);

        await using var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"), [
            "--devices", "4", "--rate", "16", "--count", Count.ToString(CultureInfo.InvariantCulture), "--broker", _broker.Address,
            "--id-prefix", "it-", "--seed", "3", "--report", reportPath, "--drain-timeout", "5s"]);

        foreach (var device in Devices)
        {
            await ExpectLineAsync(watcher, simulator, $"devices/{device}/status online");
        }

        Assert.Equal(Devices.Select(device => $"devices/{device}/status online"), await RetainedStatusAsync(port));

        Assert.Equal(0, await simulator.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        foreach (var device in Devices)
        {
            await ExpectLineAsync(watcher, simulator, $"devices/{device}/status offline");
            AssertTelemetry(watcher.Output, device);
        }

        Assert.Equal(Devices.Select(device => $"devices/{device}/status offline"), await RetainedStatusAsync(port));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        var totals = report.RootElement.GetProperty("totals");
        Assert.Equal((4 * Count, 4 * Count, 0L), (totals.GetProperty("acknowledged").GetInt64(), totals.GetProperty("generated").GetInt64(), totals.GetProperty("dropped").GetInt64()));
    }

    private static void AssertTelemetry(string subscriberOutput, string device)
    {
        var prefix = $"devices/{device}/telemetry ";
        var readings = subscriberOutput.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => TelemetryJsonDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(line[prefix.Length..].Trim())))
            .ToList();
        Assert.All(readings, reading => Assert.Null(reading.Error));
        Assert.Equal(Enumerable.Range(1, Count).Select(seq => (long?)seq), readings.Select(reading => reading.Telemetry!.Sequence).Distinct());
        Assert.All(readings, reading => Assert.Empty(ReadingValidator.Validate(reading.Telemetry!, TimeProvider.System.GetUtcNow()).Violations));
    }

    /// <summary>What a client subscribing now is told: only retained messages, one per device.</summary>
    private async Task<IEnumerable<string>> RetainedStatusAsync(string port)
    {
        await using var probe = ExternalProcess.Start("mosquitto_sub", ["-p", port, "-v", "-t", "devices/+/status", "--retained-only", "-C", "4", "-W", "10"], "mosquitto_sub --retained-only");
        Assert.Equal(0, await probe.WaitForExitAsync(Patience));
        return probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);
    }

    private static async Task ExpectLineAsync(ExternalProcess watcher, ExternalProcess simulator, string line)
    {
        try
        {
            await watcher.WaitForLineAsync(candidate => candidate == line, Patience);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"mosquitto_sub never saw \"{line}\". {e.Message}\nSimulator output:\n{simulator.Output}");
        }
    }
}
