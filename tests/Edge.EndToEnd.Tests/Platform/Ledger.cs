using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>Compares what the broker acknowledged to the simulator with what the cloud database holds.</summary>
internal static class Ledger
{
    /// <summary>Every acknowledged reading of the devices with this id prefix is stored, none twice, none missing per device.</summary>
    public static async Task AssertStoredOnceAsync(LocalPlatform platform, string idPrefix, IReadOnlyList<SimulatedDevice> devices)
    {
        var acknowledged = devices.Sum(d => d.Acknowledged);
        var pattern = idPrefix + "%";
        const string Stored = "SELECT count(*) FROM readings WHERE device_id LIKE @pattern";
        await Eventually.HoldsAsync(() => Database.CountAsync(platform.DatabaseConnectionString, Stored, ("pattern", pattern)),
            count => count >= acknowledged, TimeSpan.FromSeconds(60), $"all {acknowledged} acknowledged readings stored");
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString, Stored, ("pattern", pattern)));
        Assert.Equal(acknowledged, await Database.CountAsync(platform.DatabaseConnectionString,
            "SELECT count(DISTINCT (device_id, seq)) FROM readings WHERE device_id LIKE @pattern", ("pattern", pattern)));
        foreach (var device in devices.Where(d => d.Acknowledged == d.LastSeq))
        {
            Assert.Equal(device.LastSeq, await Database.CountAsync(platform.DatabaseConnectionString,
                "SELECT count(DISTINCT seq) FROM readings WHERE device_id = @device AND seq BETWEEN 1 AND @last",
                ("device", device.Id), ("last", device.LastSeq)));
        }
    }
}
