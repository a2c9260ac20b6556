using Edge.Gateway.Decoding;
using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalAppenderTests : IDisposable
{
    private readonly TemporaryJournal _journal = new();
    private readonly Inbound _inbound = new();

    public void Dispose() => _journal.Dispose();

    private NormalizedReading Reading(string deviceId, string json, bool redelivered = false) =>
        TelemetryNormalizer.Normalize(_inbound.Telemetry(deviceId, json, redelivered), 65536).Reading!;

    private IReadOnlyList<JournalEntry> Unforwarded()
    {
        using var outbox = new JournalOutbox(_journal.Database);
        return outbox.NextBatch(10_000);
    }

    [Fact]
    public void Append_Readings_GetIncreasingSequenceInArrivalOrder()
    {
        using var appender = _journal.Appender();

        appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("b", """{"rain_mm":2}"""), Reading("a", """{"rain_mm":3}""")], [], JournalEntries.Start);

        var rows = Unforwarded().OrderBy(r => r.Seq).ToList();
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Seq));
        Assert.Equal(["a", "b", "a"], rows.Select(r => r.DeviceId));
    }

    [Fact]
    public void Append_SamePayloadWithTimestampAgain_IsSkippedAsDuplicate()
    {
        using var appender = _journal.Appender();
        const string Json = """{"ts":"2026-11-21T09:00:00Z","seq":5,"values":{"rain_mm":1}}""";
        appender.Append([Reading("a", Json)], [], JournalEntries.Start);

        var result = appender.Append([Reading("a", Json), Reading("a", Json)], [], JournalEntries.Start);

        Assert.Equal((0, 2), (result.Appended, result.Duplicates));
        Assert.Single(Unforwarded());
    }

    [Fact]
    public void Append_SameTimeOtherValuesOrOtherDevice_IsNotADuplicate()
    {
        using var appender = _journal.Appender();
        appender.Append([Reading("a", """{"ts":"2026-11-21T09:00:00Z","values":{"rain_mm":1}}""")], [], JournalEntries.Start);

        var result = appender.Append(
            [
                Reading("a", """{"ts":"2026-11-21T09:00:00Z","values":{"rain_mm":2}}"""),
                Reading("b", """{"ts":"2026-11-21T09:00:00Z","values":{"rain_mm":1}}"""),
            ],
            [],
            JournalEntries.Start);

        Assert.Equal((2, 0), (result.Appended, result.Duplicates));
        Assert.Equal(3, Unforwarded().Count);
    }

    [Fact]
    public void Append_RepeatWithoutTimestamp_IsANewReadingUnlessRedelivered()
    {
        using var appender = _journal.Appender();
        appender.Append([Reading("a", """{"rain_mm":0.2}""")], [], JournalEntries.Start);

        var repeat = appender.Append([Reading("a", """{"rain_mm":0.2}""")], [], JournalEntries.Start);
        var redelivery = appender.Append([Reading("a", """{"rain_mm":0.2}""", redelivered: true)], [], JournalEntries.Start);

        Assert.Equal((1, 0), (repeat.Appended, repeat.Duplicates));
        Assert.Equal((0, 1), (redelivery.Appended, redelivery.Duplicates));
    }

    [Fact]
    public void Append_RedeliveryOfAnOldPayloadWithoutTimestamp_IsNotMistakenForTheLatest()
    {
        using var appender = _journal.Appender();
        appender.Append([Reading("a", """{"rain_mm":0.2}""")], [], JournalEntries.Start);
        appender.Append([.. Enumerable.Range(1, JournalAppender.DeviceLatestWindow).Select(i => Reading("a", $$"""{"rain_mm":{{i}}}"""))], [], JournalEntries.Start);

        var result = appender.Append([Reading("a", """{"rain_mm":0.2}""", redelivered: true)], [], JournalEntries.Start);

        Assert.Equal(1, result.Appended);
    }

    [Fact]
    public void Append_AfterReopenAndPruning_ContinuesTheSequenceWithoutReuse()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("a", """{"rain_mm":2}""")], [], JournalEntries.Start);
        }

        using (var outbox = new JournalOutbox(_journal.Database))
        {
            var rows = outbox.NextBatch(10);
            outbox.MarkForwarded(rows, [], Inbound.ReceivedAt);
        }

        using (var maintenance = _journal.Maintenance())
        {
            Assert.Equal(2, maintenance.Run(new JournalOptions { KeepForwarded = TimeSpan.Zero }, Inbound.ReceivedAt.AddSeconds(1)).ForwardedDeleted);
        }

        using (var reopened = _journal.Appender())
        {
            reopened.Append([Reading("a", """{"rain_mm":3}""")], [], JournalEntries.Start);
        }

        Assert.Equal(3L, Assert.Single(Unforwarded()).Seq);
    }

    [Fact]
    public void MarkForwarded_CloudRefusal_IsKeptAsDeadLetter()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("b", """{"rain_mm":1}""")], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var rows = outbox.NextBatch(10);
        outbox.MarkForwarded(rows, [(rows.Single(r => r.DeviceId == "b"), "unknown device b")], Inbound.ReceivedAt);

        var stats = JournalStatistics.Read(_journal.Database);
        Assert.Equal(0, stats.Pending);
        Assert.Equal(1, stats.DeadLetters);
    }
}
