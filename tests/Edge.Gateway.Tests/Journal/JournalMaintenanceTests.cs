using Edge.Gateway.Alarms;
using System.Text.Json;
using Edge.Gateway.Journal;
using Edge.Telemetry;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalMaintenanceTests : IDisposable
{
    private readonly TemporaryJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    private void Fill(string deviceId, int readings, int firstMinute = 0)
    {
        using var appender = _journal.Appender();
        for (var start = 0; start < readings; start += 1000)
        {
            appender.Append([.. Enumerable.Range(start, Math.Min(1000, readings - start)).Select(i => JournalEntries.Reading(deviceId, firstMinute + i))], [], JournalEntries.Start);
        }
    }

    [Fact]
    public void EnforceQuota_OverQuota_GivesUpForwardedRowsFirst()
    {
        Fill("old", 20_000);
        using (var outbox = new JournalOutbox(_journal.Database))
        {
            outbox.MarkForwarded(outbox.NextBatch(20_000), [], JournalEntries.Start);
        }

        Fill("new", 1000, firstMinute: 30_000);
        using var maintenance = _journal.Maintenance();
        var result = maintenance.EnforceQuota(maintenance.UsedBytes() / 2, JournalEntries.Start);

        Assert.True(result.ForwardedDeleted > 0);
        Assert.Equal(0, result.ReadingsEvicted);
        Assert.Equal(1000, JournalStatistics.Read(_journal.Database).PendingReadings);
    }

    [Fact]
    public void EnforceQuota_OnlyUnforwarded_EvictsOldestReadingsAsGapsAndKeepsAlerts()
    {
        Fill("rl-1", 12_000);
        Fill("rl-2", 12_000, firstMinute: 100_000);
        using (var appender = _journal.Appender())
        {
            appender.Append([], [], JournalEntries.Start, _ => new AlarmDecisions([JournalEntries.Alert("rl-1", 5)], []));
        }

        using var maintenance = _journal.Maintenance();
        var quota = maintenance.UsedBytes() * 3 / 4;
        var result = maintenance.EnforceQuota(quota, JournalEntries.Start);

        Assert.True(maintenance.UsedBytes() <= quota);
        Assert.True(result.ReadingsEvicted > 0);
        using var outbox = new JournalOutbox(_journal.Database);
        var firstLane = outbox.NextBatch(1000).TakeWhile(e => e.Kind != JournalEntryKind.Reading).ToList();
        Assert.Single(firstLane, e => e.Kind == JournalEntryKind.Alert);
        var gaps = firstLane.Where(e => e.Kind == JournalEntryKind.Gap).Select(e => JsonSerializer.Deserialize(e.Body, TelemetryJson.Default.Gap)!).ToList();
        Assert.Equal(result.ReadingsEvicted, gaps.Sum(g => g.Count));
        var gap = gaps.Single(g => g.DeviceId == "rl-1");
        Assert.Equal(("quota", JournalEntries.Start), (gap.Reason, gap.From));
        var stats = JournalStatistics.Read(_journal.Database);
        Assert.Equal(24_000 - result.ReadingsEvicted, stats.PendingReadings);
    }

    [Fact]
    public void Run_ReadingTimeToLive_EvictsOlderUnforwardedReadingsAsGaps()
    {
        Fill("rg-1", 100);
        using var maintenance = _journal.Maintenance();

        var result = maintenance.Run(new JournalOptions { ReadingTimeToLive = TimeSpan.FromMinutes(30) }, JournalEntries.Start.AddMinutes(100));

        Assert.Equal((70, 1), (result.ReadingsEvicted, result.GapsRecorded));
        Assert.Equal(30, JournalStatistics.Read(_journal.Database).PendingReadings);
    }

    [Fact]
    public void Run_ForwardedOlderThanKeepForwarded_ArePruned()
    {
        Fill("rg-1", 10);
        using (var outbox = new JournalOutbox(_journal.Database))
        {
            outbox.MarkForwarded(outbox.NextBatch(10), [], JournalEntries.Start);
        }

        using var maintenance = _journal.Maintenance();
        var kept = maintenance.Run(new JournalOptions(), JournalEntries.Start.AddHours(1));
        var pruned = maintenance.Run(new JournalOptions(), JournalEntries.Start.AddHours(25));

        Assert.Equal(0, kept.ForwardedDeleted);
        Assert.Equal(10, pruned.ForwardedDeleted);
    }

    [Fact]
    public void EnforceQuota_GapIds_ContinueTheSequence()
    {
        Fill("rl-1", 5000);
        using var maintenance = _journal.Maintenance();
        maintenance.EnforceQuota(maintenance.UsedBytes() / 2, JournalEntries.Start);
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("rl-1", 9999)], [], JournalEntries.Start);
        }

        using var outbox = new JournalOutbox(_journal.Database);
        var seqs = outbox.NextBatch(10_000).Select(e => e.Seq).ToList();

        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True(seqs.Max() > 5000);
    }
}
