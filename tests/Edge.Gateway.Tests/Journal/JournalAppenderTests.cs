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

    private IReadOnlyList<JournaledReading> Unforwarded()
    {
        using var outbox = new JournalOutbox(_journal.Database);
        return outbox.ReadUnforwarded(10_000);
    }

    [Fact]
    public void Append_Readings_GetIncreasingSequenceInArrivalOrder()
    {
        using var appender = new JournalAppender(_journal.Database);

        appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("b", """{"rain_mm":2}"""), Reading("a", """{"rain_mm":3}""")], []);

        var rows = Unforwarded();
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Seq));
        Assert.Equal(["a", "b", "a"], rows.Select(r => r.DeviceId));
    }

    [Fact]
    public void Append_SamePayloadWithTimestampAgain_IsSkippedAsDuplicate()
    {
        using var appender = new JournalAppender(_journal.Database);
        const string Json = """{"ts":"2026-11-21T09:00:00Z","seq":5,"values":{"rain_mm":1}}""";
        appender.Append([Reading("a", Json)], []);

        var (appended, duplicates) = appender.Append([Reading("a", Json), Reading("a", Json)], []);

        Assert.Equal((0, 2), (appended, duplicates));
        Assert.Single(Unforwarded());
    }

    [Fact]
    public void Append_RepeatWithoutTimestamp_IsANewReadingUnlessRedelivered()
    {
        using var appender = new JournalAppender(_journal.Database);
        appender.Append([Reading("a", """{"rain_mm":0.2}""")], []);

        var repeat = appender.Append([Reading("a", """{"rain_mm":0.2}""")], []);
        var redelivery = appender.Append([Reading("a", """{"rain_mm":0.2}""", redelivered: true)], []);

        Assert.Equal((1, 0), repeat);
        Assert.Equal((0, 1), redelivery);
    }

    [Fact]
    public void Append_RedeliveryOfAnOldPayloadWithoutTimestamp_IsNotMistakenForTheLatest()
    {
        using var appender = new JournalAppender(_journal.Database);
        appender.Append([Reading("a", """{"rain_mm":0.2}""")], []);
        appender.Append([.. Enumerable.Range(1, JournalAppender.DeviceLatestWindow).Select(i => Reading("a", $$"""{"rain_mm":{{i}}}"""))], []);

        var (appended, _) = appender.Append([Reading("a", """{"rain_mm":0.2}""", redelivered: true)], []);

        Assert.Equal(1, appended);
    }

    [Fact]
    public void Append_AfterReopenAndPruning_ContinuesTheSequenceWithoutReuse()
    {
        using (var appender = new JournalAppender(_journal.Database))
        {
            appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("a", """{"rain_mm":2}""")], []);
        }

        using (var outbox = new JournalOutbox(_journal.Database))
        {
            var rows = outbox.ReadUnforwarded(10);
            outbox.MarkForwarded(rows, [], Inbound.ReceivedAt);
            Assert.Equal(2, outbox.PruneForwarded(Inbound.ReceivedAt.AddSeconds(1)));
        }

        using (var reopened = new JournalAppender(_journal.Database))
        {
            reopened.Append([Reading("a", """{"rain_mm":3}""")], []);
        }

        Assert.Equal(3L, Assert.Single(Unforwarded()).Seq);
    }

    [Fact]
    public void MarkForwarded_CloudRefusal_IsKeptAsDeadLetter()
    {
        using (var appender = new JournalAppender(_journal.Database))
        {
            appender.Append([Reading("a", """{"rain_mm":1}"""), Reading("b", """{"rain_mm":1}""")], []);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var rows = outbox.ReadUnforwarded(10);
        outbox.MarkForwarded(rows, [(rows[1], "unknown device b")], Inbound.ReceivedAt);

        var stats = JournalStatistics.Read(_journal.Database);
        Assert.Equal(0, stats.Unforwarded);
        Assert.Equal(1, stats.DeadLetters);
    }
}
