using System.Globalization;

namespace Edge.Cloud.Readings;

/// <summary>A downsampling bucket written as <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>1d</c>.</summary>
internal static class BucketSize
{
    public static readonly TimeSpan Smallest = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Largest = TimeSpan.FromDays(31);

    public static bool TryParse(string? text, out TimeSpan bucket)
    {
        bucket = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return false;
        }

        bucket = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => TimeSpan.Zero,
        };
        return bucket >= Smallest && bucket <= Largest;
    }
}
