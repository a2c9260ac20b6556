namespace Edge.Gateway;

/// <summary>What the gateway's loops report about themselves, for health and status. Written by one loop each.</summary>
internal sealed class GatewayState
{
    public volatile bool MqttConnected;

    private long _lastUplinkSuccessTicks;
    private string? _lastUplinkError;

    public DateTimeOffset? LastUplinkSuccess
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastUplinkSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public string? LastUplinkError => Volatile.Read(ref _lastUplinkError);

    public void UplinkSucceeded(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastUplinkSuccessTicks, at.UtcTicks);
        Volatile.Write(ref _lastUplinkError, null);
    }

    public void UplinkFailed(string error) => Volatile.Write(ref _lastUplinkError, error);
}
