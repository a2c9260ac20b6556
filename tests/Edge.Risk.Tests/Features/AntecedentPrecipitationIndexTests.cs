using Edge.Risk.Features;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Features;

public sealed class AntecedentPrecipitationIndexTests
{
    [Fact]
    public void ValueAt_WorkedExample_MatchesTheRecurrence()
    {
        // Daily rain 10, 0, 20 mm with k = 0.9: API = 10 -> 9 -> 0.9 * 9 + 20 = 28.1; two dry days later 28.1 * 0.81.
        var api = new AntecedentPrecipitationIndex(0.9, 30);
        api.Add(T0.AddHours(12), 10);
        api.Add(T0.AddDays(2).AddHours(6), 15);
        api.Add(T0.AddDays(2).AddHours(7), 5);

        Assert.Equal(28.1, api.ValueAt(T0.AddDays(2).AddHours(23)), 9);
        Assert.Equal(28.1 * 0.81, api.ValueAt(T0.AddDays(4)), 9);
    }

    [Fact]
    public void Add_LateReadingForAnEarlierDay_CountsOnThatDay()
    {
        var api = new AntecedentPrecipitationIndex(0.5, 10);
        api.Add(T0.AddDays(1), 8);
        api.Add(T0, 4);

        Assert.Equal(8 + (0.5 * 4), api.ValueAt(T0.AddDays(1)), 9);
    }

    [Fact]
    public void Add_OlderThanTheKeptDays_Ignored()
    {
        var api = new AntecedentPrecipitationIndex(0.5, 3);
        api.Add(T0.AddDays(5), 1);
        api.Add(T0, 100);

        Assert.Equal(1, api.ValueAt(T0.AddDays(5)), 9);
    }
}
