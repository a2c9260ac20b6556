using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Testing;

namespace Edge.EndToEnd.Tests;

/// <summary>The cloud goes away while sensors keep publishing; the gateway's journal carries every reading across.</summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class CloudOutageTests(LocalPlatform platform)
{
    [Fact]
    public async Task CloudStoppedFor30Seconds_EveryAcknowledgedReadingArrivesOnce()
    {
        var report = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}.json");
        await using var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"),
            ["--devices", "5", "--rate", "20", "--broker", platform.Broker.Address, "--duration", "45s", "--id-prefix", "outage-", "--seed", "7", "--report", report],
            "simulator");

        await Task.Delay(TimeSpan.FromSeconds(5));
        await platform.StopCloudAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        await platform.StartCloudAsync();
        Assert.Equal(0, await simulator.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var devices = summary.RootElement.GetProperty("devices").EnumerateArray()
            .Select(d => (Id: d.GetProperty("deviceId").GetString()!, Acknowledged: d.GetProperty("acknowledged").GetInt64(), LastSeq: d.GetProperty("lastSeq").GetInt64()))
            .ToList();
        var acknowledged = devices.Sum(d => d.Acknowledged);
        Assert.True(acknowledged >= 600, $"the simulator got only {acknowledged} acknowledgements");

        await Eventually.HoldsAsync(
            () => Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id LIKE 'outage-%'"),
            count => count >= acknowledged, TimeSpan.FromSeconds(60), $"all {acknowledged} acknowledged readings stored");
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id LIKE 'outage-%'"));
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(DISTINCT (device_id, seq)) FROM readings WHERE device_id LIKE 'outage-%'"));
        foreach (var device in devices)
        {
            Assert.Equal(device.LastSeq, await Database.CountAsync(platform.DatabaseConnectionString,
                "SELECT count(DISTINCT seq) FROM readings WHERE device_id = @device AND seq BETWEEN 1 AND @last",
                ("device", device.Id), ("last", device.LastSeq)));
        }

        File.Delete(report);
    }
}
