namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A small deterministic pseudo-random generator (SplitMix64). Unlike <see cref="Random"/>, its sequence for a seed is
/// fixed by this code, so a seed reproduces the same readings on every .NET version.
/// </summary>
internal sealed class SimRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The generator of one device: a function of the run's seed and the device's index only.</summary>
    public static SimRandom ForDevice(int seed, int deviceIndex) =>
        new(Mix(((ulong)(uint)seed << 32) | (uint)deviceIndex));

    /// <summary>The generator of one site's weather: a function of the run's seed and the site's number only.</summary>
    public static SimRandom ForSite(int seed, int site) =>
        new(Mix(Mix(((ulong)(uint)seed << 32) | (uint)site) ^ 0x5173C0DE5173C0DEUL));

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double minimum, double maximum) => minimum + ((maximum - minimum) * NextDouble());

    /// <summary>Log-uniform in [minimum, maximum]: as likely to fall in 1-2 as in 10-20.</summary>
    public double LogUniform(double minimum, double maximum) => Math.Exp(Uniform(Math.Log(minimum), Math.Log(maximum)));

    /// <summary>Standard normal, truncated at four standard deviations so that no model ever makes a wild jump.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Clamp(gaussian, -4.0, 4.0);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
