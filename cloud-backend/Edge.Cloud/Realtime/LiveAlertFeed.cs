using System.Threading.Channels;
using Edge.Cloud.Alerts;
using Edge.Cloud.Tenancy;
using Microsoft.AspNetCore.SignalR;

namespace Edge.Cloud.Realtime;

/// <summary>
/// Pushes every alert change to its municipality's control rooms (<c>alert</c> events) after the transaction that made
/// it committed: the alert is read back as stored, so the browser sees what the database holds. Ingest and the API
/// never wait for the push; the queue waits rather than drops (an alert must not be lost on the way).
/// </summary>
internal sealed partial class LiveAlertFeed(
    TenantDatabase database,
    IHubContext<ControlRoomHub, IControlRoomClient> hub,
    ILogger<LiveAlertFeed> logger) : BackgroundService
{
    private readonly Channel<(Guid Tenant, AlertChange Change)> _queue = Channel.CreateBounded<(Guid, AlertChange)>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Publish(Guid tenantId, IEnumerable<AlertChange> changes)
    {
        foreach (var change in changes)
        {
            if (!_queue.Writer.TryWrite((tenantId, change)))
            {
                LogQueueFull(change.AlertId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Guid Tenant, AlertChange Change)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _queue.Reader.WaitToReadAsync(stoppingToken);
                batch.Clear();
                while (batch.Count < 1000 && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                foreach (var tenant in batch.GroupBy(item => item.Tenant))
                {
                    await PushAsync(tenant.Key, [.. tenant.Select(item => item.Change)], stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPushFailed(e);
            }
        }
    }

    private async Task PushAsync(Guid tenantId, IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        IReadOnlyList<AlertView> alerts;
        await using (var session = await database.BeginAsync(new TenantScope(tenantId, "system:live-alerts", "system"), cancellationToken))
        {
            alerts = await AlertQueries.ByIdsAsync(session, [.. changes.Select(c => c.AlertId).Distinct()], cancellationToken);
        }

        var byId = alerts.ToDictionary(a => a.Id);
        foreach (var change in changes)
        {
            if (byId.TryGetValue(change.AlertId, out var alert))
            {
                await hub.Clients.Groups(ControlRoomHub.TenantGroup(tenantId), ControlRoomHub.AllTenantsGroup).alert(new LiveAlert(change.Change, alert));
            }
        }
    }
}
