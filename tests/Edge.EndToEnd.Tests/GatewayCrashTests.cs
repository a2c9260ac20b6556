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
        await using var simulator = SimulatorRun.Start(platform.Broker, "crash-", devices: 20, rate: 400, duration: TimeSpan.FromSeconds(12), seed: 11);

        await Task.Delay(TimeSpan.FromSeconds(4));
        await platform.KillGatewayAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await platform.StartGatewayAsync();
        var devices = await simulator.FinishAsync(TimeSpan.FromSeconds(60));

        Assert.True(devices.Sum(d => d.Acknowledged) >= 3000, "the simulator published too little for the test to mean anything");
        await Ledger.AssertStoredOnceAsync(platform, "crash-", devices);
    }

    [Fact]
    public async Task ReadingsCommittedButAcknowledgementsLost_RedeliveredAfterCrash_AreStoredOnce()
    {
        const int Readings = 30;
        var measuredAt = Sensor.AnHourAgo.AddHours(-5);
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

    [Fact]
    public async Task JournalLost_NewJournalReusesIds_TheCloudRefusesThemAndTheGatewayRenumbers_NothingIsLost()
    {
        var village = await platform.AddVillageAsync("gw-new-card");
        var measuredAt = Sensor.AnHourAgo.AddHours(-6);
        for (var seq = 1; seq <= 5; seq++)
        {
            await Sensor.PublishAsync(village.Broker, "devices/card-1/telemetry", Sensor.Telemetry(measuredAt.AddMinutes(seq), seq, "rain_mm", 0.2));
        }

        const string Count = "SELECT count(*) FROM readings WHERE device_id = 'card-1'";
        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Count), count => count == 5, TimeSpan.FromSeconds(30), "first readings stored");

        // A new SD card: the journal and everything beside it are gone; the new journal numbers from 1 again.
        await village.StopGatewayAsync();
        foreach (var file in Directory.GetFiles(village.DataDirectory))
        {
            File.Delete(file);
        }

        await village.StartGatewayAsync();
        for (var seq = 6; seq <= 10; seq++)
        {
            await Sensor.PublishAsync(village.Broker, "devices/card-1/telemetry", Sensor.Telemetry(measuredAt.AddMinutes(seq), seq, "rain_mm", 0.4));
        }

        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Count), count => count == 10, TimeSpan.FromSeconds(30),
            "the readings after the journal was lost stored too, none taken for duplicates");
        Assert.Equal(10, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(DISTINCT seq) FROM readings WHERE device_id = 'card-1'"));
    }
}
