namespace Edge.Rules.Evaluation;

/// <summary>
/// A track's readings in measurement-time order, with optional prefix-sum columns kept aligned (accumulation: exact
/// fixed-point sums; rate: least-squares sums). Appending is amortized O(1), dropping the oldest is O(1), a late
/// reading is a binary search plus a block copy, and window bounds are binary searches.
/// </summary>
internal sealed class TrackBuffer(bool sums, bool rates)
{
    private TrackPoint[] _points = [];
    private long[] _sums = [];
    private RateSums[] _rates = [];
    private int _start;

    public int Count { get; private set; }

    public bool HasSums { get; } = sums;

    public bool HasRates { get; } = rates;

    public ref TrackPoint this[int index] => ref _points[_start + index];

    public ref long Sum(int index) => ref _sums[_start + index];

    public ref RateSums Rate(int index) => ref _rates[_start + index];

    public long FirstTs => _points[_start].Ts;

    public long LastTs => _points[_start + Count - 1].Ts;

    /// <summary>The index of the first reading measured at or after <paramref name="ts"/>; <see cref="Count"/> when none is.</summary>
    public int LowerBound(long ts)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_points[_start + middle].Ts < ts)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    public void InsertAt(int index, long ts, double value)
    {
        MakeRoomAtEnd();
        var physical = _start + index;
        var tail = Count - index;
        if (tail > 0)
        {
            Array.Copy(_points, physical, _points, physical + 1, tail);
            if (HasSums)
            {
                Array.Copy(_sums, physical, _sums, physical + 1, tail);
            }

            if (HasRates)
            {
                Array.Copy(_rates, physical, _rates, physical + 1, tail);
            }
        }

        _points[physical] = new TrackPoint(ts, value);
        Count++;
    }

    public void RemoveFront(int count)
    {
        _start += count;
        Count -= count;
        if (Count == 0)
        {
            _start = 0;
        }
    }

    private void MakeRoomAtEnd()
    {
        if (_start + Count < _points.Length)
        {
            return;
        }

        if (_start > 0 && _start >= _points.Length / 2)
        {
            Compact();
            return;
        }

        var capacity = Math.Max(16, _points.Length * 2);
        _points = CopyLive(_points, new TrackPoint[capacity]);
        if (HasSums)
        {
            _sums = CopyLive(_sums, new long[capacity]);
        }

        if (HasRates)
        {
            _rates = CopyLive(_rates, new RateSums[capacity]);
        }

        _start = 0;
    }

    /// <summary>Moves the live readings to the front of the arrays they are in: the dropped half is reused.</summary>
    private void Compact()
    {
        CopyLive(_points, _points);
        if (HasSums)
        {
            CopyLive(_sums, _sums);
        }

        if (HasRates)
        {
            CopyLive(_rates, _rates);
        }

        _start = 0;
    }

    private T[] CopyLive<T>(T[] from, T[] to)
    {
        if (Count > 0)
        {
            Array.Copy(from, _start, to, 0, Count);
        }

        return to;
    }
}
