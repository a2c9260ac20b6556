using System.Globalization;
using System.Text.Json;
using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>One device's line of the simulator's report.</summary>
internal sealed record SimulatedDevice(string Id, long Acknowledged, long LastSeq);

/// <summary>
/// The simulator as a process publishing into the platform's village broker, and its report of what the broker
/// acknowledged: the ledger the database is checked against.
/// </summary>
internal sealed class SimulatorRun : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly string _report;

    private SimulatorRun(ExternalProcess process, string report)
    {
        _process = process;
        _report = report;
    }

    public static SimulatorRun Start(MosquittoBroker broker, string idPrefix, int devices, int rate, TimeSpan duration, int seed)
    {
        var report = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}.json");
        var process = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"),
        [
            "--devices", devices.ToString(CultureInfo.InvariantCulture),
            "--rate", rate.ToString(CultureInfo.InvariantCulture),
            "--duration", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "--broker", broker.Address,
            "--id-prefix", idPrefix,
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--report", report,
        ], "simulator");
        return new SimulatorRun(process, report);
    }

    /// <summary>Waits for the simulator to finish and reads its report.</summary>
    public async Task<IReadOnlyList<SimulatedDevice>> FinishAsync(TimeSpan timeout)
    {
        Assert.Equal(0, await _process.WaitForExitAsync(timeout));
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_report));
        return [.. summary.RootElement.GetProperty("devices").EnumerateArray().Select(device => new SimulatedDevice(
            device.GetProperty("deviceId").GetString()!,
            device.GetProperty("acknowledged").GetInt64(),
            device.GetProperty("lastSeq").GetInt64()))];
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_report);
    }
}
