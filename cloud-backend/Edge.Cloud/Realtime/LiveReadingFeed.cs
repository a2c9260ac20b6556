using System.Threading.Channels;
using Edge.Telemetry.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Edge.Cloud.Realtime;

/// <summary>
/// Carries newly stored readings to the control rooms without ever slowing ingest down: a bounded queue that drops the
/// oldest preview when full (the database, not this feed, is the record), throttled per device for the municipality
/// stream, unthrottled for connections watching the device.
/// </summary>
internal sealed partial class LiveReadingFeed(
    IHubContext<ControlRoomHub, IControlRoomClient> hub,
    TimeProvider timeProvider,
    ILogger<LiveReadingFeed> logger) : BackgroundService
{
    private static readonly TimeSpan ThrottleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<(Guid Tenant, LiveReading Reading)> _queue = Channel.CreateBounded<(Guid, LiveReading)>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly ReadingThrottle _throttle = new(ThrottleInterval);

    public void Publish(Guid tenantId, IEnumerable<Reading> readings)
    {
        foreach (var reading in readings)
        {
            _queue.Writer.TryWrite((tenantId, new LiveReading(reading.DeviceId, reading.Id, reading.Ts, reading.Values)));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
                var now = timeProvider.GetUtcNow().UtcTicks;
                while (_queue.Reader.TryRead(out var item))
                {
                    await hub.Clients.Group(ControlRoomHub.DeviceGroup(item.Reading.DeviceId)).reading(item.Reading);
                    if (_throttle.Offer(item.Tenant, item.Reading, now) is { } sendNow)
                    {
                        await SendToMunicipalityAsync(sendNow);
                    }
                }

                foreach (var due in _throttle.TakeDue(now))
                {
                    await SendToMunicipalityAsync(due);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogSendFailed(e);
            }
        }
    }

    private Task SendToMunicipalityAsync((Guid Tenant, LiveReading Reading) item) =>
        hub.Clients.Groups(ControlRoomHub.TenantGroup(item.Tenant), ControlRoomHub.AllTenantsGroup).reading(item.Reading);

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        tick.CancelAfter(FlushInterval);
        try
        {
            await _queue.Reader.WaitToReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the flush interval passed: time to send readings held back by the throttle
        }
    }
}
