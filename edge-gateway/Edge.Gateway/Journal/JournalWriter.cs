using Edge.Gateway.Decoding;
using Edge.Gateway.Status;
using Edge.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Journal;

/// <summary>
/// Group commit: takes received messages off the inbound queue, waits at most <see cref="JournalOptions.CommitDelay"/>
/// for more to share the transaction, normalizes them, commits readings and dead letters durably, and only then
/// acknowledges each message at its source, in arrival order. A failed commit acknowledges nothing and is retried.
/// </summary>
internal sealed partial class JournalWriter(
    InboundQueue queue,
    JournalDatabase database,
    JournalSignal signal,
    GatewayMetrics metrics,
    IOptions<JournalOptions> options,
    IOptions<Sources.MqttSourceOptions> sourceOptions,
    TimeProvider timeProvider,
    ILogger<JournalWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var appender = new JournalAppender(database);
        var settings = options.Value;
        var batch = new List<InboundMessage>(settings.MaxCommitBatch);
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
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
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

        var (appended, duplicates) = appender.Append(readings, deadLetters);
        metrics.Journaled(appended, duplicates, deadLetters.Count);
    }
}
