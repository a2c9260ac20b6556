namespace Edge.Risk.Tests.Testing;

/// <summary>Clean sensor streams on 10-minute reports: a river with a daily swing and gauge noise, a solar-charged battery.</summary>
internal static class CleanStreams
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>1.5 m with a 0.1 m daily swing, plus <paramref name="noiseM"/> m of gauge noise.</summary>
    public static TimedValue[] River(int count, int seed, double noiseM = 0.002) => Signal(count, seed, noiseM, 1.5, 0.1);

    public static TimedValue[] Signal(int count, int seed, double noise, double level, double dailySwing)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new TimedValue(
            Series.At(i * 10), level + (dailySwing * Math.Sin(2 * Math.PI * i / 144)) + (noise * Series.Gaussian(random))))];
    }

    /// <summary>A battery from <paramref name="startV"/> changing <paramref name="perDayV"/> a day, with a 0.05 V solar ripple.</summary>
    public static TimedValue[] Battery(int count, double startV, double perDayV) =>
        [.. Enumerable.Range(0, count).Select(i => new TimedValue(
            Series.At(i * 10), startV + (perDayV * i / 144) + (0.05 * Math.Sin(2 * Math.PI * i / 144))))];

    public static TimedValue[] With(this TimedValue[] series, int index, Func<double, double> change)
    {
        var copy = (TimedValue[])series.Clone();
        copy[index] = copy[index] with { Value = change(copy[index].Value) };
        return copy;
    }
}
