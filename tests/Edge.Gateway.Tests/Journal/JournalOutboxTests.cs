using Edge.Gateway.Alarms;
using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalOutboxTests : IDisposable
{
    private readonly TemporaryJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public void NextBatch_LongBacklog_AlertsThenLiveValuesThenOldestBacklog()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([.. Enumerable.Range(0, 1000).Select(minute => JournalEntries.Reading(minute % 2 == 0 ? "a" : "b", minute))], [], JournalEntries.Start);
            appender.Append([JournalEntries.Reading("a", 2000, 2.7)], [], JournalEntries.Start, _ => new AlarmDecisions([JournalEntries.Alert("a", 2000)], []));
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var batch = outbox.NextBatch(5);

        Assert.Equal(JournalEntryKind.Alert, batch[0].Kind);
        Assert.Equal((JournalEntryKind.Reading, "a", JournalEntries.Start.AddMinutes(2000)), (batch[1].Kind, batch[1].DeviceId, batch[1].Ts));
        Assert.Equal((JournalEntryKind.Reading, "b", JournalEntries.Start.AddMinutes(999)), (batch[2].Kind, batch[2].DeviceId, batch[2].Ts));
        Assert.Equal([0, 1], batch.Skip(3).Select(e => (int)(e.Ts - JournalEntries.Start).TotalMinutes));
    }

    [Fact]
    public void NextBatch_AfterForwarding_LiveLaneHoldsOnlyNewerReadings()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 0), JournalEntries.Reading("a", 1), JournalEntries.Reading("a", 2)], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var first = outbox.NextBatch(1);
        outbox.MarkForwarded(first, [], JournalEntries.Start);
        var rest = outbox.NextBatch(10);

        Assert.Equal(2, (int)(first.Single().Ts - JournalEntries.Start).TotalMinutes);
        Assert.Equal([0, 1], rest.Select(e => (int)(e.Ts - JournalEntries.Start).TotalMinutes));
        Assert.Equal(0, JournalStatistics.Read(_journal.Database).PendingLive);
    }

    [Fact]
    public void NextBatch_LateReading_DoesNotReplaceANewerLiveValue()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 10)], [], JournalEntries.Start);
            appender.Append([JournalEntries.Reading("a", 5)], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);

        Assert.Equal(10, (int)(outbox.NextBatch(1).Single().Ts - JournalEntries.Start).TotalMinutes);
    }

    [Fact]
    public void NextBatch_OneCommitEndingWithAnOlderReading_LiveLaneKeepsTheNewest()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 10), JournalEntries.Reading("b", 3), JournalEntries.Reading("a", 5), JournalEntries.Reading("b", 3, 2.0)], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var live = outbox.NextBatch(2);

        Assert.Equal(10, (int)(live[0].Ts - JournalEntries.Start).TotalMinutes);
        Assert.Equal(("b", """{"water_level_m":2}"""), (live[1].DeviceId, live[1].Body)); // a tie of measurement times: the later reading is the live one
        Assert.Equal(2, JournalStatistics.Read(_journal.Database).PendingLive);
    }

    [Fact]
    public void MarkForwarded_WholeBatch_LeavesNothingPending()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 0), JournalEntries.Reading("b", 1)], [], JournalEntries.Start, _ => new AlarmDecisions([JournalEntries.Alert("a", 0)], []));
        }

        using var outbox = new JournalOutbox(_journal.Database);
        outbox.MarkForwarded(outbox.NextBatch(100), [], JournalEntries.Start);

        Assert.Empty(outbox.NextBatch(100));
        Assert.Equal(0, JournalStatistics.Read(_journal.Database).Pending);
    }

    [Fact]
    public void RenumberAbove_Floor_MovesUnforwardedEntriesAboveItAndTheSequenceAfterThem()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 0), JournalEntries.Reading("a", 1), JournalEntries.Reading("b", 2)], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        outbox.MarkForwarded([outbox.NextBatch(10).Single(e => e.DeviceId == "b")], [], JournalEntries.Start);

        var renumbered = outbox.RenumberAbove(100, _journal.Reservation);
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 3)], [], JournalEntries.Start);
        }

        var seqs = outbox.NextBatch(10).Select(e => e.Seq).Order().ToList();
        Assert.Equal(2, renumbered);
        Assert.Equal([101L, 102, 103], seqs);
        Assert.Equal(1, JournalStatistics.Read(_journal.Database).PendingLive);
    }
}
