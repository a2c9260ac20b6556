using System.Text.Json;
using Edge.Gateway.Sources;
using Edge.Telemetry;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.ConfigSync;

/// <summary>
/// Keeps the gateway's configuration current: at start the cached copy (so a gateway that boots without uplink runs on
/// what it last knew), then the cloud's every <see cref="ConfigSyncOptions.RefreshInterval"/>. A configuration that
/// cannot be read is refused and the current one kept.
/// </summary>
internal sealed partial class ConfigSyncService(
    GatewayConfigClient client,
    GatewayConfigCache cache,
    GatewayConfigState state,
    IOptions<ConfigSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<ConfigSyncService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (cache.Load() is { } cached)
            {
                state.Set(cached.Config, ConfigSource.Cache, cached.ETag, null);
                LogCacheLoaded(cache.Path, cached.Config.Rules.Count, cached.Config.AlarmContacts.Count);
            }
            else if (!TryLoadLocal())
            {
                LogNeverSynced();
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            LogCacheUnreadable(e, cache.Path);
            TryLoadLocal();
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Runs on the local configuration file, when one is set and readable, until the cloud answers.</summary>
    private bool TryLoadLocal()
    {
        if (options.Value.LocalPath is not { } path)
        {
            return false;
        }

        try
        {
            var config = JsonSerializer.Deserialize(File.ReadAllBytes(path), TelemetryJson.Default.GatewayConfig)
                ?? throw new JsonException("the file holds null");

            // Written by hand, the file may leave lists out; the generated deserializer then sets them to null, not empty.
            config = config with { Devices = config.Devices ?? [], Profiles = config.Profiles ?? [], Rules = config.Rules ?? [], AlarmContacts = config.AlarmContacts ?? [] };
            state.Set(config, ConfigSource.Local, null, null);
            LogLocalLoaded(path, config.Devices.Count, config.Profiles.Count);
            return true;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            LogLocalUnreadable(e, path);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(2), settings.RefreshInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = settings.RefreshInterval;
            try
            {
                await SyncAsync(stoppingToken);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                delay = backoff.Next();
                LogSyncFailed(delay.TotalSeconds, e.Message);
            }

            await Task.Delay(delay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task SyncAsync(CancellationToken stoppingToken)
    {
        var current = state.Current;
        var fetch = await client.FetchAsync(current.ETag, stoppingToken);
        var now = timeProvider.GetUtcNow();
        if (fetch.Unchanged)
        {
            state.MarkFresh(now);
            return;
        }

        var config = JsonSerializer.Deserialize(fetch.Json, TelemetryJson.Default.GatewayConfig)
            ?? throw new JsonException("the cloud sent an empty configuration");
        cache.Save(fetch.Json!, fetch.ETag);
        state.Set(config, ConfigSource.Cloud, fetch.ETag, now);
        LogUpdated(config.Devices.Count, config.Rules.Count, config.AlarmContacts.Count);
    }
}
