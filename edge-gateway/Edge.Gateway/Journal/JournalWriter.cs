using Edge.Gateway.Alarms;
using Edge.Gateway.Decoding;
using Edge.Gateway.Sources;
using Edge.Gateway.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Journal;

/// <summary>
/// Group commit: takes received messages off the inbound queue, waits at most <see cref="JournalOptions.CommitDelay"/>
/// for more to share the transaction, normalizes them, and commits in one durable transaction the readings, the local
/// alarms' decisions about them (alerts, SMS) and the dead letters; only then acknowledges each message at its source,
/// in arrival order, and publishes the alerts for sirens. A failed commit acknowledges nothing and is retried; a full
/// disk makes room by the quota's rules first. Between commits: the alarms' clock (silence), the disk quota, upkeep.
/// </summary>
internal sealed partial class JournalWriter(
    InboundQueue queue,
    InboundDecoder decoder,
    JournalDatabase database,
    JournalSequenceReservation reservation,
    [FromKeyedServices(JournalSignal.Uplink)] JournalSignal uplinkSignal,
    [FromKeyedServices(JournalSignal.Sms)] JournalSignal smsSignal,
    AlarmEngineHost alarms,
    AlertPublisher alertPublisher,
    GatewayState state,
    GatewayMetrics metrics,
    IOptions<JournalOptions> options,
    IOptions<AlarmOptions> alarmOptions,
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
        var nextTick = timeProvider.GetUtcNow();
        alarms.Start(database);
        while (!stoppingToken.IsCancellationRequested)
        {
            state.JournalWriterAlive(timeProvider.GetUtcNow());
            try
            {
                if (batch.Count == 0)
                {
                    await CollectAsync(batch, settings, nextTick - timeProvider.GetUtcNow(), stoppingToken);
                }

                if (batch.Count > 0)
                {
                    Commit(appender, batch);
                    foreach (var message in batch)
                    {
                        await message.AcknowledgeAsync(stoppingToken);
                    }

                    batch.Clear();
                }

                if (timeProvider.GetUtcNow() >= nextTick)
                {
                    var decisions = alarms.Tick(state.MqttConnected);
                    if (!decisions.IsEmpty)
                    {
                        Published(appender.Append([], [], timeProvider.GetUtcNow(), _ => decisions));
                    }

                    nextTick = timeProvider.GetUtcNow() + alarmOptions.Value.TickInterval;
                }

                Maintain(maintenance, settings, ref nextMaintenance);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
            {
                // The disk (or the file's page limit) is full: nothing was acknowledged. Make room by the quota's rules, retry.
                alarms.Rollback(database);
                var used = maintenance.UsedBytes();
                Report(maintenance.EnforceQuota(used - Math.Max(used / 10, 1024 * 1024), timeProvider.GetUtcNow()));
                LogDiskFull(batch.Count);
            }
            catch (Exception e)
            {
                // Nothing was acknowledged: the broker still holds every message of the batch. Retry the same batch.
                LogCommitFailed(e, batch.Count);
                alarms.Rollback(database);
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Waits for the first message (at most until the alarms' next tick), then briefly for more to share its commit.</summary>
    private async Task CollectAsync(List<InboundMessage> batch, JournalOptions settings, TimeSpan untilTick, CancellationToken stoppingToken)
    {
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            first.CancelAfter(untilTick > TimeSpan.Zero ? untilTick : TimeSpan.Zero);
            try
            {
                batch.Add(await queue.Reader.ReadAsync(first.Token));
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // time for the alarms' tick
            }
        }

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
            var (reading, deadLetter) = decoder.Normalize(message, sourceOptions.Value.MaxPayloadBytes);
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

        var listening = state.MqttConnected;
        var result = appender.Append(readings, deadLetters, timeProvider.GetUtcNow(), appended => alarms.Evaluate(appended, listening));
        metrics.Journaled(result.Appended, result.Duplicates, deadLetters.Count);
        Published(result);
    }

    /// <summary>
    /// After a commit: tell sirens, keep the alarms' state, tell the SMS sender, wake the uplink. The alerts are durable
    /// in the journal already, so sirens do not wait for the state file's own disk write (a journal replay rebuilds it).
    /// </summary>
    private void Published(AppendResult result)
    {
        foreach (var (seq, alert) in result.Alerts)
        {
            alertPublisher.Publish(seq, alert);
        }

        alarms.Committed();

        if (result.Sms > 0)
        {
            smsSignal.Notify();
        }

        uplinkSignal.Notify();
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
            uplinkSignal.Notify();
        }
    }
}
