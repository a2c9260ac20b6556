using Edge.Gateway.Decoding;
using Edge.Gateway.Sources;
using Edge.Gateway.Status;
using Edge.Telemetry.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Journal;

/// <summary>
/// Group commit: takes received messages off the inbound queue, waits at most <see cref="JournalOptions.CommitDelay"/>
/// for more to share the transaction, normalizes them, commits readings and dead letters durably, and only then
/// acknowledges each message at its source, in arrival order. A failed commit acknowledges nothing and is retried; a
/// full disk makes room by the quota's rules first. Between commits it keeps the journal within its quota and runs the
/// periodic maintenance.
/// </summary>
internal sealed partial class JournalWriter(
    InboundQueue queue,
    JournalDatabase database,
    JournalSequenceReservation reservation,
    JournalSignal signal,
    GatewayMetrics metrics,
    IOptions<JournalOptions> options,
    IOptions<MqttSourceOptions> sourceOptions,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider,
    ILogger<JournalWriter> logger) : BackgroundService
{
    private const int SqliteFull = 13;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var appender = new JournalAppender(database, reservation);
        using var maintenance = new JournalMaintenance(database, reservation, gateway.Value.Id);
        var settings = options.Value;
        var batch = new List<InboundMessage>(settings.MaxCommitBatch);
        var nextMaintenance = timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (batch.Count == 0)
                {
                    await CollectAsync(batch, settings, stoppingToken);
                }

                Commit(appender, batch);
                foreach (var message in batch)
                {
                    await message.AcknowledgeAsync(stoppingToken);
                }

                batch.Clear();
                signal.Notify();
                Maintain(maintenance, settings, ref nextMaintenance);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
            {
                // The disk (or the file's page limit) is full: nothing was acknowledged. Make room by the quota's rules, retry.
                var used = maintenance.UsedBytes();
                Report(maintenance.EnforceQuota(used - Math.Max(used / 10, 1024 * 1024), timeProvider.GetUtcNow()));
                LogDiskFull(batch.Count);
            }
            catch (Exception e)
            {
                // Nothing was acknowledged: the broker still holds every message of the batch. Retry the same batch.
                LogCommitFailed(e, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task CollectAsync(List<InboundMessage> batch, JournalOptions settings, CancellationToken stoppingToken)
    {
        batch.Add(await queue.Reader.ReadAsync(stoppingToken));
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(settings.CommitDelay);
        while (batch.Count < settings.MaxCommitBatch)
        {
            if (queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }

            try
            {
                if (settings.CommitDelay <= TimeSpan.Zero || !await queue.Reader.WaitToReadAsync(window.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // the commit delay is over
            }
        }
    }

    private void Commit(JournalAppender appender, List<InboundMessage> batch)
    {
        var readings = new List<NormalizedReading>(batch.Count);
        var deadLetters = new List<DeadLetter>();
        foreach (var message in batch)
        {
            var (reading, deadLetter) = TelemetryNormalizer.Normalize(message, sourceOptions.Value.MaxPayloadBytes);
            if (reading is not null)
            {
                readings.Add(reading);
            }

            if (deadLetter is not null)
            {
                deadLetters.Add(deadLetter);
                LogDeadLetter(deadLetter.Topic, deadLetter.Reason);
            }
        }

        var result = appender.Append(readings, Array.Empty<Alert>(), deadLetters);
        metrics.Journaled(result.Appended, result.Duplicates, deadLetters.Count);
    }

    private void Maintain(JournalMaintenance maintenance, JournalOptions settings, ref DateTimeOffset nextMaintenance)
    {
        var now = timeProvider.GetUtcNow();
        if (maintenance.UsedBytes() > settings.MaxBytes)
        {
            Report(maintenance.EnforceQuota(settings.MaxBytes, now));
        }

        if (now >= nextMaintenance)
        {
            Report(maintenance.Run(settings, now));
            nextMaintenance = now + settings.MaintenanceInterval;
        }
    }

    private void Report(EvictionResult result)
    {
        if (result.ReadingsEvicted > 0 || result.AlertsDropped > 0)
        {
            metrics.Evicted(result.ReadingsEvicted, result.GapsRecorded, result.AlertsDropped);
            LogEvicted(result.ReadingsEvicted, result.GapsRecorded, result.AlertsDropped);
            signal.Notify();
        }
    }
}
