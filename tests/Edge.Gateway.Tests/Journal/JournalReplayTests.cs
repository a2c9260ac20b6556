using Edge.Gateway.Alarms;
using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalReplayTests : IDisposable
{
    private readonly TemporaryJournal _journal = new();

    public JournalReplayTests()
    {
        using var appender = _journal.Appender();
        appender.Append([.. Enumerable.Range(0, 10).Select(minute => JournalEntries.Reading(minute % 2 == 0 ? "a" : "b", minute))], [], JournalEntries.Start,
            _ => new AlarmDecisions([JournalEntries.Alert("a", 9)], []));
    }

    public void Dispose() => _journal.Dispose();

    [Fact]
    public void Readings_MoreThanMax_TheNewestOldestFirst()
    {
        var replayed = JournalReplay.Readings(_journal.Database, JournalEntries.Start, 3).ToList();

        Assert.Equal([7, 8, 9], replayed.Select(r => (int)(r.Ts - JournalEntries.Start).TotalMinutes));
        Assert.Equal(["b", "a", "b"], replayed.Select(r => r.DeviceId));
        Assert.Equal(1.0, replayed[0].Values["water_level_m"]);
    }

    [Fact]
    public void Readings_ReceivedBeforeTheWindow_Left()
    {
        var replayed = JournalReplay.Readings(_journal.Database, JournalEntries.Start.AddMinutes(8), 5).ToList();

        Assert.Equal([8, 9], replayed.Select(r => (int)(r.ReceivedAt - JournalEntries.Start).TotalMinutes));
    }

    [Fact]
    public void Readings_NoneInTheWindow_Empty() =>
        Assert.Empty(JournalReplay.Readings(_journal.Database, JournalEntries.Start.AddHours(1), 5));
}
