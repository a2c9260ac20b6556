using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Gateway.Status;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Forwards the journal to the cloud: a batch of its lanes (alerts and gaps, live values, backlog; see
/// <see cref="JournalOutbox"/>), marked forwarded only for what the cloud took. When the cloud cannot be reached the
/// batch is tried again after a growing pause; readings keep arriving in the journal meanwhile.
/// </summary>
internal sealed partial class UplinkPump(
    JournalDatabase database,
    JournalSequenceReservation reservation,
    [FromKeyedServices(JournalSignal.Uplink)] JournalSignal signal,
    IUplink uplink,
    GatewayState state,
    GatewayMetrics metrics,
    IOptions<UplinkOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider,
    ILogger<UplinkPump> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var outbox = new JournalOutbox(database);
        var settings = options.Value;
        var backoff = new ReconnectBackoff(settings.MinBackoff, settings.MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = outbox.NextBatch(settings.BatchSize);
                if (entries.Count == 0)
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                    continue;
                }

                await ForwardAsync(outbox, entries, stoppingToken);
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

    private async Task ForwardAsync(JournalOutbox outbox, IReadOnlyList<JournalEntry> entries, CancellationToken stoppingToken)
    {
        var gatewayId = gateway.Value.Id;
        var result = await uplink.SendAsync(JournalBatchMapper.ToBatch(gatewayId, entries), stoppingToken);
        var refusedById = result.Refused.ToDictionary(r => r.Id, r => r.Reason, StringComparer.Ordinal);
        var taken = new List<JournalEntry>(entries.Count);
        var refused = new List<(JournalEntry Entry, string Reason)>();
        var reused = 0;
        var allTaken = refusedById.Count == 0 && result.NotDelivered.Count == 0;
        foreach (var entry in entries)
        {
            if (allTaken)
            {
                taken.Add(entry); // the usual case: no id to make and look up
                continue;
            }

            var id = JournalBatchMapper.Id(gatewayId, entry.Seq);
            if (result.NotDelivered.Contains(id))
            {
                continue;
            }

            if (refusedById.TryGetValue(id, out var why) && why.StartsWith(IngestRejectionReasons.IdReused, StringComparison.Ordinal))
            {
                reused++; // not lost, not forwarded: renumbered below and sent again
                continue;
            }

            taken.Add(entry);
            if (refusedById.TryGetValue(id, out var reason))
            {
                refused.Add((entry, reason));
            }
        }

        if (taken.Count > 0)
        {
            outbox.MarkForwarded(taken, refused, timeProvider.GetUtcNow());
        }

        metrics.Forwarded(taken.Count - refused.Count, refused.Count);
        if (refused.Count > 0)
        {
            LogRefused(refused.Count, refused[0].Reason);
        }

        if (reused > 0 || result.JournalFloor is not null)
        {
            var renumbered = outbox.RenumberAbove(result.JournalFloor ?? 0, reservation);
            LogRenumbered(reused, result.JournalFloor ?? 0, renumbered);
        }

        if (result.NotDelivered.Count > 0)
        {
            throw new UplinkException($"{result.NotDelivered.Count} of {entries.Count} items not delivered");
        }

        state.UplinkSucceeded(timeProvider.GetUtcNow());
    }
}
