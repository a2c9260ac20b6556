using Edge.EndToEnd.Tests.Platform;

namespace Edge.EndToEnd.Tests;

/// <summary>The cloud goes away while sensors keep publishing; the gateway's journal carries every reading across.</summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class CloudOutageTests(LocalPlatform platform)
{
    [Fact]
    public async Task CloudStoppedFor30Seconds_EveryAcknowledgedReadingArrivesOnce()
    {
        await using var simulator = SimulatorRun.Start(platform.Broker, "outage-", devices: 5, rate: 20, duration: TimeSpan.FromSeconds(45), seed: 7);

        await Task.Delay(TimeSpan.FromSeconds(5));
        await platform.StopCloudAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        await platform.StartCloudAsync();
        var devices = await simulator.FinishAsync(TimeSpan.FromSeconds(60));

        Assert.True(devices.Sum(d => d.Acknowledged) >= 600, "the simulator published too little for the test to mean anything");
        Assert.All(devices, device => Assert.Equal(device.LastSeq, device.Acknowledged));
        await Ledger.AssertStoredOnceAsync(platform, "outage-", devices);
    }
}
