using System.Text.Json;
using Edge.FirmwareSim.Reporting;
using Edge.FirmwareSim.Tests.Fakes;

namespace Edge.FirmwareSim.Tests.Reporting;

public sealed class ReportWriterTests
{
    [Fact]
    public async Task WriteAsync_ReportOfARun_WritesTotalsAndEveryDeviceInCamelCase()
    {
        var sim = new SimulatorHarness();
        var report = await sim.RunToEndAsync(SimulatorHarness.Options(devices: 5, rate: 5, count: 2));
        var path = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-report-").FullName, "nested", "report.json");

        await ReportWriter.WriteAsync(path, report, CancellationToken.None);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = document.RootElement;
        Assert.Equal("2026-11-21T10:00:00.000Z", root.GetProperty("startedAt").GetString());
        var totals = root.GetProperty("totals");
        Assert.Equal((5, 10, 10, 10, 0, 0), (
            totals.GetProperty("devices").GetInt32(),
            totals.GetProperty("generated").GetInt64(),
            totals.GetProperty("published").GetInt64(),
            totals.GetProperty("acknowledged").GetInt64(),
            totals.GetProperty("dropped").GetInt64(),
            totals.GetProperty("unsent").GetInt64()));
        var devices = root.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(["sim-rg-0001", "sim-rl-0001", "sim-sm-0001", "sim-tm-0001", "sim-rg-0002"], devices.Select(device => device.GetProperty("deviceId").GetString()));
        Assert.Equal(["rain-gauge", "river-level", "soil-moisture", "tilt-meter", "rain-gauge"], devices.Select(device => device.GetProperty("kind").GetString()));
        Assert.All(devices, device => Assert.Equal((2, 2, 1, 2), (
            device.GetProperty("published").GetInt64(),
            device.GetProperty("acknowledged").GetInt64(),
            device.GetProperty("firstSeq").GetInt64(),
            device.GetProperty("lastSeq").GetInt64())));
        Assert.False(File.Exists(path + ".tmp"));
    }
}
