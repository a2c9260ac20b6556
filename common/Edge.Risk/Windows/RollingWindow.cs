namespace Edge.Risk.Windows;

/// <summary>
/// One metric's readings in measurement-time order over a span behind the newest reading. Appending in order is
/// amortized O(1) and allocates nothing once the buffer has grown; a late reading (up to <see cref="MaxLateness"/>
/// behind the newest) is inserted in place, shifting the few readings after it; a reading later than that is ignored and
/// counted. Readings older than <see cref="Span"/> + <see cref="MaxLateness"/> behind the newest are dropped, so a
/// late reading always finds its neighbours. Queries read the kept readings as one contiguous span.
/// </summary>
public sealed class RollingWindow
{
    private TimedValue[] _items;
    private int _start;
    private int _count;

    public RollingWindow(TimeSpan span, TimeSpan maxLateness, int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLateness, TimeSpan.Zero);
        Span = span;
        MaxLateness = maxLateness;
        _items = new TimedValue[Math.Max(4, initialCapacity)];
    }

    /// <summary>How far behind the newest reading queries may look.</summary>
    public TimeSpan Span { get; }

    /// <summary>How far behind the newest reading a late reading is still taken.</summary>
    public TimeSpan MaxLateness { get; }

    /// <summary>Readings ignored because they came later than <see cref="MaxLateness"/>.</summary>
    public long TooLate { get; private set; }

    /// <summary>The kept readings, oldest first.</summary>
    public ReadOnlySpan<TimedValue> Items => _items.AsSpan(_start, _count);

    public int Count => _count;

    /// <summary>The newest measurement time, or null while empty.</summary>
    public DateTimeOffset? Newest => _count == 0 ? null : _items[_start + _count - 1].Ts;

    public WindowAdd Add(DateTimeOffset ts, double value) => Add(ts, value, out _);

    /// <summary>Adds a reading; <paramref name="replaced"/> is the value it replaced (<see cref="WindowAdd.Replaced"/>), else 0.</summary>
    public WindowAdd Add(DateTimeOffset ts, double value, out double replaced)
    {
        replaced = 0;
        if (!double.IsFinite(value))
        {
            return WindowAdd.NotFinite;
        }

        var reading = new TimedValue(ts, value);
        if (_count == 0 || ts > _items[_start + _count - 1].Ts)
        {
            Append(reading);
            DropOlderThan(ts - Span - MaxLateness);
            return WindowAdd.Appended;
        }

        if (ts < _items[_start + _count - 1].Ts - MaxLateness)
        {
            TooLate++;
            return WindowAdd.TooLate;
        }

        var index = LowerBound(ts);
        if (index < _count && _items[_start + index].Ts == ts)
        {
            replaced = _items[_start + index].Value;
            _items[_start + index] = reading;
            return WindowAdd.Replaced;
        }

        Append(default);
        var at = _start + index;
        Array.Copy(_items, at, _items, at + 1, _count - 1 - index);
        _items[at] = reading;
        return WindowAdd.InsertedLate;
    }

    /// <summary>The readings with measurement time in (<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public ReadOnlySpan<TimedValue> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var first = UpperBound(from);
        var end = UpperBound(to);
        return end <= first ? [] : _items.AsSpan(_start + first, end - first);
    }

    /// <summary>The readings in the last <paramref name="length"/> up to the newest, (newest - length, newest].</summary>
    public ReadOnlySpan<TimedValue> Last(TimeSpan length) =>
        Newest is { } newest ? Between(newest - length, newest) : [];

    /// <summary>The sum of the values in (newest - length, newest]: an accumulation of per-report amounts.</summary>
    public double SumOfLast(TimeSpan length)
    {
        var sum = 0.0;
        foreach (var reading in Last(length))
        {
            sum += reading.Value;
        }

        return sum;
    }

    private void Append(TimedValue reading)
    {
        if (_start + _count == _items.Length)
        {
            if (_count < _items.Length / 2)
            {
                Array.Copy(_items, _start, _items, 0, _count);
            }
            else
            {
                var grown = new TimedValue[_items.Length * 2];
                Array.Copy(_items, _start, grown, 0, _count);
                _items = grown;
            }

            _start = 0;
        }

        _items[_start + _count] = reading;
        _count++;
    }

    private void DropOlderThan(DateTimeOffset cutoff)
    {
        while (_count > 0 && _items[_start].Ts < cutoff)
        {
            _start++;
            _count--;
        }
    }

    /// <summary>Index (relative to the kept readings) of the first reading at or after <paramref name="ts"/>.</summary>
    private int LowerBound(DateTimeOffset ts)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_items[_start + mid].Ts < ts)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Index of the first reading strictly after <paramref name="ts"/>.</summary>
    private int UpperBound(DateTimeOffset ts)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_items[_start + mid].Ts <= ts)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
