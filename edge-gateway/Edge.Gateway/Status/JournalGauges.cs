using System.Diagnostics.Metrics;
using Edge.Gateway.Journal;

namespace Edge.Gateway.Status;

/// <summary>
/// Journal depth per lane and its oldest pending age as observable gauges (meter <c>Edge.Gateway</c>), read from the
/// journal at most once every few seconds however often they are scraped.
/// </summary>
internal sealed class JournalGauges
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly JournalDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private JournalStatistics? _statistics;
    private DateTimeOffset _readAt;

    public JournalGauges(IMeterFactory meterFactory, JournalDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("edge.gateway.journal.pending", () => new[]
        {
            new Measurement<long>(Current().PendingAlerts, new KeyValuePair<string, object?>("lane", "alerts")),
            new Measurement<long>(Current().PendingGaps, new KeyValuePair<string, object?>("lane", "gaps")),
            new Measurement<long>(Current().PendingLive, new KeyValuePair<string, object?>("lane", "live")),
            new Measurement<long>(Current().PendingReadings, new KeyValuePair<string, object?>("lane", "readings")),
        }, "{entry}", "Journal entries not yet forwarded, per lane (live counts devices whose newest reading is pending; readings includes them)");
        meter.CreateObservableGauge("edge.gateway.journal.oldest_pending_age", () =>
            Current().OldestPendingReceivedAt is { } oldest ? (_timeProvider.GetUtcNow() - oldest).TotalSeconds : 0, "s", "Age of the oldest entry not yet forwarded");
        meter.CreateObservableGauge("edge.gateway.journal.used_bytes", () => Current().UsedBytes, "By", "Bytes of live data in the journal");
        meter.CreateObservableGauge("edge.gateway.journal.dead_letters", () => Current().DeadLetters, "{message}", "Dead letters kept in the journal");
    }

    private JournalStatistics Current()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (_statistics is null || now - _readAt > MaxAge)
            {
                _statistics = JournalStatistics.Read(_database);
                _readAt = now;
            }

            return _statistics;
        }
    }
}
