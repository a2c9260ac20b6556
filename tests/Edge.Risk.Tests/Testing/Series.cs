namespace Edge.Risk.Tests.Testing;

/// <summary>Builds test series on a fixed start time.</summary>
internal static class Series
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Thirty noise seeds: a clean series must raise nothing on any of them.</summary>
    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 30));

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    /// <summary>Values every <paramref name="stepMinutes"/> from T0.</summary>
    public static TimedValue[] Every(double stepMinutes, IEnumerable<double> values) =>
        [.. values.Select((value, i) => new TimedValue(At(i * stepMinutes), value))];

    /// <summary><paramref name="count"/> values of <paramref name="value"/> with seeded Gaussian noise of <paramref name="sd"/>.</summary>
    public static double[] Noisy(int count, double value, double sd, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => value + (sd * Gaussian(random)))];
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
