namespace Edge.Rules.Evaluation;

/// <summary>
/// One reading as a track holds it: measurement time (UTC ticks), value, and what the rule made of it: the condition
/// (value, window sum or rate; NaN when it cannot be computed) and the level the alarm truly had after it
/// (0 = none, 1.. = index into the rule's levels + 1), with the measurement time its run of non-zero levels began.
/// </summary>
internal struct TrackPoint(long ts, double value)
{
    public long Ts = ts;
    public double Value = value;
    public double Condition;
    public long RunStart;
    public int Level;
}

/// <summary>Running sums for a least-squares slope: time (hours from a base), value (from a base), their squares and product.</summary>
internal struct RateSums(double t, double v, double tt, double tv)
{
    public double T = t;
    public double V = v;
    public double TT = tt;
    public double TV = tv;

    public static RateSums operator +(RateSums a, RateSums b) => new(a.T + b.T, a.V + b.V, a.TT + b.TT, a.TV + b.TV);

    public static RateSums operator -(RateSums a, RateSums b) => new(a.T - b.T, a.V - b.V, a.TT - b.TT, a.TV - b.TV);

    public static RateSums Add(RateSums a, RateSums b) => a + b;

    public static RateSums Subtract(RateSums a, RateSums b) => a - b;
}
