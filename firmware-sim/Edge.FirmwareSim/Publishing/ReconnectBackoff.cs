namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Exponential backoff with jitter for reconnecting: the ceiling doubles from the minimum with each consecutive failure
/// up to the maximum, and the delay is drawn uniformly from the upper half below the ceiling (never under the minimum),
/// so a fleet that lost its broker at once does not come back at once.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum, Random random)
{
    /// <summary>The delay before the next attempt, after <paramref name="failures"/> consecutive failures (0 after a lost connection).</summary>
    public TimeSpan Delay(int failures)
    {
        var ceiling = minimum * Math.Pow(2, Math.Min(failures, 30));
        if (ceiling > maximum)
        {
            ceiling = maximum;
        }

        var delay = ceiling * (0.5 + (0.5 * random.NextDouble()));
        return delay < minimum ? minimum : delay;
    }
}
