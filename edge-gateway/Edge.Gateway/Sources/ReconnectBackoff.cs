namespace Edge.Gateway.Sources;

/// <summary>Exponential backoff with full jitter between a floor and a ceiling; reset after a success.</summary>
internal sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(maximum.TotalMilliseconds, minimum.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30)));
        _failures++;
        return TimeSpan.FromMilliseconds(minimum.TotalMilliseconds + (Random.Shared.NextDouble() * (ceiling - minimum.TotalMilliseconds)));
    }

    public void Reset() => _failures = 0;
}
