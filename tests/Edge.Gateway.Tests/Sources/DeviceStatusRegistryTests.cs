using Edge.Gateway.Status;

namespace Edge.Gateway.Tests.Sources;

public sealed class DeviceStatusRegistryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_OnlineThenOffline_KeepsWhenItChanged()
    {
        using var meters = new TestMeterFactory();
        var registry = new DeviceStatusRegistry(meters);
        registry.Record("rg-1", "online"u8, At);
        registry.Record("rg-1", "online"u8, At.AddMinutes(1));
        registry.Record("rg-1", "offline"u8, At.AddMinutes(2));

        Assert.Equal(new DeviceStatus(false, At.AddMinutes(2)), registry.Snapshot()["rg-1"]);
        Assert.Equal((0, 1), (registry.Online, registry.Offline));
    }

    [Fact]
    public void Record_Garbage_RefusedAndNothingRecorded()
    {
        using var meters = new TestMeterFactory();
        var registry = new DeviceStatusRegistry(meters);

        Assert.False(registry.Record("rg-1", "maybe"u8, At));
        Assert.Empty(registry.Snapshot());
    }

    [Fact]
    public void Record_ClearedRetainedStatus_DeviceForgotten()
    {
        using var meters = new TestMeterFactory();
        var registry = new DeviceStatusRegistry(meters);
        registry.Record("rg-1", "online"u8, At);

        Assert.True(registry.Record("rg-1", ReadOnlySpan<byte>.Empty, At));
        Assert.Empty(registry.Snapshot());
    }
}
