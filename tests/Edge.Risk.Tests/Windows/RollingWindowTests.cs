using Edge.Risk.Windows;
using FsCheck;
using FsCheck.Fluent;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Windows;

public sealed class RollingWindowTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void Add_InOrder_DropsReadingsOlderThanSpanPlusLateness()
    {
        var window = new RollingWindow(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(10), initialCapacity: 4);
        for (var minute = 0; minute <= 120; minute++)
        {
            Assert.Equal(WindowAdd.Appended, window.Add(At(minute), minute));
        }

        Assert.Equal(50, window.Items[0].Value);
        Assert.Equal(120, window.Items[^1].Value);
        Assert.Equal(60, window.Last(TimeSpan.FromMinutes(60)).Length);
    }

    [Fact]
    public void Add_LateWithinLateness_InsertedInOrderAndSummed()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));
        window.Add(At(0), 1);
        window.Add(At(20), 1);

        Assert.Equal(WindowAdd.InsertedLate, window.Add(At(10), 5));

        Assert.Equal([0.0, 10, 20], window.Items.ToArray().Select(r => (r.Ts - T0).TotalMinutes));
        Assert.Equal(7, window.SumOfLast(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Add_LaterThanLateness_IgnoredAndCounted()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));
        window.Add(At(60), 1);

        Assert.Equal(WindowAdd.TooLate, window.Add(At(29), 5));

        Assert.Equal(1, window.TooLate);
        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void Add_SameTimeTwice_NewerReplacesAndReportsTheOld()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));
        window.Add(At(0), 1);
        window.Add(At(5), 2);

        Assert.Equal(WindowAdd.Replaced, window.Add(At(0), 4, out var replaced));

        Assert.Equal(1, replaced);
        Assert.Equal(6, window.SumOfLast(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Add_NaN_Ignored()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1), TimeSpan.Zero);

        Assert.Equal(WindowAdd.NotFinite, window.Add(At(0), double.NaN));
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void Between_ExcludesTheStartIncludesTheEnd()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1), TimeSpan.Zero);
        foreach (var minute in new[] { 0, 10, 20, 30 })
        {
            window.Add(At(minute), minute);
        }

        Assert.Equal([20.0, 30], window.Between(At(10), At(30)).ToArray().Select(r => r.Value));
    }

    [Fact]
    public void Add_AnyArrivalOrderWithinLateness_SameWindowAsSorted()
    {
        var minutes = Gen.Choose(0, 300).ArrayOf().Select(a => a.Distinct().ToArray());
        Check.One(Quick, Prop.ForAll(Arb.From(minutes), arrival =>
        {
            var shuffled = new RollingWindow(TimeSpan.FromHours(6), TimeSpan.FromHours(6), initialCapacity: 4);
            foreach (var minute in arrival)
            {
                shuffled.Add(At(minute), minute);
            }

            Assert.Equal(arrival.Order().Select(m => (double)m), shuffled.Items.ToArray().Select(r => r.Value));
            var expected = arrival.Length == 0 ? 0 : arrival.Where(m => m > arrival.Max() - 60).Sum();
            Assert.Equal(expected, shuffled.SumOfLast(TimeSpan.FromHours(1)));
        }));
    }
}
