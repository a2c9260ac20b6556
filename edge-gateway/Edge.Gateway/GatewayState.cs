namespace Edge.Gateway;

/// <summary>What the gateway's loops report about themselves, for health and status. Written by one loop each.</summary>
internal sealed class GatewayState
{
    public volatile bool MqttConnected;

    private long _lastUplinkSuccessTicks;
    private string? _lastUplinkError;
    private long _journalWriterAliveTicks;

    /// <summary>When the journal writer last came round its loop (the watchdog's sign of life); <see cref="DateTimeOffset.MinValue"/> before it started.</summary>
    public DateTimeOffset JournalWriterAliveAt => new(Interlocked.Read(ref _journalWriterAliveTicks), TimeSpan.Zero);

    public void JournalWriterAlive(DateTimeOffset at) => Interlocked.Exchange(ref _journalWriterAliveTicks, at.UtcTicks);

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
