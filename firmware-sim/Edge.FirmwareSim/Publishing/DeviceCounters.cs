namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// What happened to one device's readings, updated from its producer and its connection, read by the progress line and
/// the report. Every generated reading ends up acknowledged, dropped, or (at exit) unsent.
/// </summary>
internal sealed class DeviceCounters
{
    private long _generated;
    private long _published;
    private long _acknowledged;
    private long _dropped;
    private long _errors;
    private int _connected;

    /// <summary>Readings produced so far; also the last sequence number (they start at 1).</summary>
    public long Generated => Volatile.Read(ref _generated);

    /// <summary>Readings handed to the MQTT client at least once.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Readings whose publish completed: PUBACK received at QoS 1, written to the connection at QoS 0.</summary>
    public long Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Readings evicted from the full offline buffer, never sent.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Failed connection attempts and lost connections.</summary>
    public long Errors => Volatile.Read(ref _errors);

    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>Readings neither acknowledged nor dropped: still buffered, or in flight when the run ended.</summary>
    public long Unsent => Generated - Acknowledged - Dropped;

    public void ReadingGenerated(long seq) => Volatile.Write(ref _generated, seq);

    public void ReadingPublished() => Interlocked.Increment(ref _published);

    public void ReadingAcknowledged() => Interlocked.Increment(ref _acknowledged);

    public void ReadingDropped() => Interlocked.Increment(ref _dropped);

    public void ErrorOccurred() => Interlocked.Increment(ref _errors);

    public void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);
}
