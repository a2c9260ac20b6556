namespace Edge.Mqtt.Client;

/// <summary>
/// The client's packet identifiers in use (section 2.2.1): 1..65535, handed out in rising order and wrapping, never one
/// still in use. One set per session, shared by stored publishes (which keep theirs across connections) and by the
/// SUBSCRIBE/UNSUBSCRIBE requests of the current connection.
/// </summary>
internal sealed class PacketIdentifiers
{
    private readonly Lock _gate = new();
    private readonly ulong[] _inUse = new ulong[(ushort.MaxValue + 1) / 64];
    private int _count;
    private ushort _last;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The next free identifier after the last one handed out; false when all 65535 are in use.</summary>
    public bool TryAllocate(out ushort id)
    {
        lock (_gate)
        {
            id = 0;
            if (_count >= ushort.MaxValue)
            {
                return false;
            }

            var candidate = _last;
            do
            {
                candidate = candidate == ushort.MaxValue ? (ushort)1 : (ushort)(candidate + 1);
            }
            while ((_inUse[candidate >> 6] & (1UL << (candidate & 63))) != 0);

            _inUse[candidate >> 6] |= 1UL << (candidate & 63);
            _count++;
            _last = candidate;
            id = candidate;
            return true;
        }
    }

    public void Release(ushort id)
    {
        lock (_gate)
        {
            var bit = 1UL << (id & 63);
            if ((_inUse[id >> 6] & bit) != 0)
            {
                _inUse[id >> 6] &= ~bit;
                _count--;
            }
        }
    }
}
