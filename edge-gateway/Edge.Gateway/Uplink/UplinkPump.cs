using System.Text.Json;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Gateway.Status;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Forwards the journal to the cloud in order: the oldest unforwarded readings, sent as one batch, marked forwarded only
/// after the cloud took them. When the cloud cannot be reached the same batch is tried again after a growing pause;
/// readings keep arriving in the journal meanwhile. Forwarded readings are pruned once they are old enough.
/// </summary>
internal sealed partial class UplinkPump(
    JournalDatabase database,
    JournalSignal signal,
    IUplink uplink,
    GatewayState state,
    GatewayMetrics metrics,
    IOptions<UplinkOptions> options,
    IOptions<JournalOptions> journalOptions,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider,
    ILogger<UplinkPump> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var outbox = new JournalOutbox(database);
        var settings = options.Value;
        var backoff = new ReconnectBackoff(settings.MinBackoff, settings.MaxBackoff);
        var nextPrune = timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (timeProvider.GetUtcNow() >= nextPrune)
                {
                    outbox.PruneForwarded(timeProvider.GetUtcNow() - journalOptions.Value.KeepForwarded);
                    nextPrune = timeProvider.GetUtcNow() + PruneEvery;
                }

                var batch = outbox.ReadUnforwarded(settings.BatchSize);
                if (batch.Count == 0)
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                    continue;
                }

                await ForwardAsync(outbox, batch, stoppingToken);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                state.UplinkFailed(e.Message);
                metrics.UplinkFailed();
                var delay = backoff.Next();
                LogSendFailed(delay.TotalSeconds, e.Message);
                await Task.Delay(delay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ForwardAsync(JournalOutbox outbox, IReadOnlyList<JournaledReading> batch, CancellationToken stoppingToken)
    {
        var gatewayId = gateway.Value.Id;
        var readings = batch.Select(r => ToContract(gatewayId, r)).ToList();
        var refused = await uplink.SendAsync(readings, stoppingToken);
        var refusedById = refused.ToDictionary(r => r.Id, r => r.Reason, StringComparer.Ordinal);
        var refusedRows = new List<(JournaledReading Reading, string Reason)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (refusedById.TryGetValue(readings[i].Id, out var reason))
            {
                refusedRows.Add((batch[i], reason));
            }
        }

        outbox.MarkForwarded(batch, refusedRows, timeProvider.GetUtcNow());
        state.UplinkSucceeded(timeProvider.GetUtcNow());
        metrics.Forwarded(batch.Count - refusedRows.Count, refusedRows.Count);
        if (refusedRows.Count > 0)
        {
            LogRefused(refusedRows.Count, refusedRows[0].Reason);
        }
    }

    private static Reading ToContract(string gatewayId, JournaledReading reading) => new()
    {
        Id = $"{gatewayId}:{reading.Seq}",
        GatewayId = gatewayId,
        DeviceId = reading.DeviceId,
        Ts = reading.Ts,
        ReceivedAt = reading.ReceivedAt,
        Source = reading.Source,
        Seq = reading.DeviceSeq,
        Values = JsonSerializer.Deserialize(reading.ValuesJson, TelemetryJson.Default.DictionaryStringDouble)!,
    };
}
