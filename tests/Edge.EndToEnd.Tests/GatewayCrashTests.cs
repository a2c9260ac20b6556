using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Testing;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// The gateway is killed (SIGKILL, as in a power cut) while readings stream in. Whatever the broker had delivered but
/// the gateway had not acknowledged comes again (QoS 1 redelivery to the kept session); each reading is stored once.
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class GatewayCrashTests(LocalPlatform platform)
{
    [Fact]
    public async Task GatewayKilledMidStream_EveryAcknowledgedReadingArrivesOnce()
    {
        var report = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}.json");
        await using var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"),
            ["--devices", "20", "--rate", "400", "--broker", platform.Broker.Address, "--duration", "12s", "--id-prefix", "crash-", "--seed", "11", "--report", report],
            "simulator");

        await Task.Delay(TimeSpan.FromSeconds(4));
        await platform.KillGatewayAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await platform.StartGatewayAsync();
        Assert.Equal(0, await simulator.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var acknowledged = summary.RootElement.GetProperty("totals").GetProperty("acknowledged").GetInt64();
        Assert.True(acknowledged >= 3000, $"the simulator got only {acknowledged} acknowledgements");
        const string Count = "SELECT count(*) FROM readings WHERE device_id LIKE 'crash-%'";
        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Count),
            count => count >= acknowledged, TimeSpan.FromSeconds(60), $"all {acknowledged} acknowledged readings stored");
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString, Count));
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString,
            "SELECT count(DISTINCT (device_id, seq)) FROM readings WHERE device_id LIKE 'crash-%'"));
        File.Delete(report);
    }

    [Fact]
    public async Task ReadingsCommittedButAcknowledgementsLost_RedeliveredAfterCrash_AreStoredOnce()
    {
        const int Readings = 30;
        var measuredAt = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero);
        const string Count = "SELECT count(*) FROM readings WHERE device_id = 'e2e-redelivered'";
        await using var proxy = new TcpProxy(platform.Broker.Port);
        await platform.KillGatewayAsync();
        await platform.StartGatewayAsync(proxy.Address);

        proxy.SwallowClientBytes = true; // from now on the gateway's PUBACKs never reach the broker
        for (var seq = 1; seq <= Readings; seq++)
        {
            await Sensor.PublishAsync(platform.Broker, "devices/e2e-redelivered/telemetry", Sensor.Telemetry(measuredAt.AddMinutes(seq), seq, "rain_mm", 0.2));
        }

        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Count),
            count => count == Readings, TimeSpan.FromSeconds(30), "the readings journaled and forwarded despite the lost acknowledgements");
        await platform.KillGatewayAsync();
        proxy.CutConnections();
        await platform.StartGatewayAsync(); // the broker now delivers all of them again, flagged DUP
        await Sensor.PublishAsync(platform.Broker, "devices/e2e-redelivered/telemetry", Sensor.Telemetry(measuredAt.AddHours(1), Readings + 1, "rain_mm", 0.4));

        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Count + " AND seq = " + (Readings + 1)),
            count => count == 1, TimeSpan.FromSeconds(30), "the reading after the redelivered ones arrives");
        Assert.Equal(Readings + 1, await Database.CountAsync(platform.DatabaseConnectionString, Count));
    }
}
