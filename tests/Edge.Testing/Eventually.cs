namespace Edge.Testing;

/// <summary>Polls a condition until it holds or a deadline passes (for effects that cross processes).</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan timeout, string what)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var last = await probe();
        while (!holds(last))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{what}: not true within {timeout}; last seen: {last}");
            }

            await Task.Delay(100);
            last = await probe();
        }

        return last;
    }
}
