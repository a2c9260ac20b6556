namespace Edge.Codecs.Profiles;

/// <summary>
/// Where one decoded field goes: the metric it becomes and how its value is turned into that metric's unit,
/// <c>metric = (value * Factor + Offset)</c>, the unit conversion and the profile's own scale and offset already combined.
/// </summary>
public sealed record FieldMapping(string Field, string Metric, double Factor, double Offset)
{
    public double Apply(double value) => (value * Factor) + Offset;
}
