using System.Text.Json;
using Edge.Cloud.Alerts;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Ingest;

/// <summary>
/// One batch from one gateway: validate each item, resolve its device, store new readings and alerts once in a single
/// transaction with the dead letters of the refused ones (new edge alerts go through the alert engine in it), then hand
/// the new readings to the live feed and to the cloud's rule evaluation, and the alert changes to the live feed.
/// </summary>
internal sealed partial class IngestPipeline(
    TenantDatabase database,
    IOptions<IngestOptions> options,
    LiveReadingFeed liveFeed,
    AlertEngine alertEngine,
    LiveAlertFeed liveAlerts,
    CloudRuleEvaluator cloudRules,
    IngestMetrics metrics,
    TimeProvider timeProvider,
    ILogger<IngestPipeline> logger)
{
    public async Task<IngestResponse> IngestAsync(AuthenticatedGateway gateway, IngestBatch batch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var refused = new List<RefusedItem>();
        var readings = Screen(batch.Readings, r => IngestValidator.Check(r, gateway.Id, now, settings.MaxClockSkew), r => r.Id, r => r.DeviceId, TelemetryJson.Default.Reading, refused);
        var alerts = Screen(batch.Alerts, a => IngestValidator.Check(a, gateway.Id, now, settings.MaxClockSkew), a => a.Id, a => a.DeviceId, TelemetryJson.Default.Alert, refused);
        var gaps = Screen(batch.Gaps, g => IngestValidator.Check(g, gateway.Id, now, settings.MaxClockSkew), g => g.Id, g => g.DeviceId, TelemetryJson.Default.Gap, refused);

        await using var session = await database.BeginAsync(TenantScope.Gateway(gateway.TenantId, gateway.Id), cancellationToken);
        var (connection, transaction) = (session.Connection, session.Transaction);
        var metricsByDevice = readings.GroupBy(r => r.DeviceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.SelectMany(r => r.Values.Keys).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            metricsByDevice.TryAdd(alert.DeviceId, [alert.Metric]);
        }

        foreach (var gap in gaps)
        {
            metricsByDevice.TryAdd(gap.DeviceId, []);
        }

        var devices = metricsByDevice.Count == 0
            ? []
            : await DeviceRegistry.ResolveAsync(connection, transaction, gateway, metricsByDevice, settings.AutoRegisterUnknownDevices, cancellationToken);
        bool MayWrite(string deviceId, out string? reason) =>
            (reason = DeviceRegistry.CheckAccess(devices.GetValueOrDefault(deviceId), deviceId, gateway)) is null;
        readings = Screen(readings, r => MayWrite(r.DeviceId, out var why) ? null : why, r => r.Id, r => r.DeviceId, TelemetryJson.Default.Reading, refused);
        alerts = Screen(alerts, a => MayWrite(a.DeviceId, out var why) ? null : why, a => a.Id, a => a.DeviceId, TelemetryJson.Default.Alert, refused);
        gaps = Screen(gaps, g => MayWrite(g.DeviceId, out var why) ? null : why, g => g.Id, g => g.DeviceId, TelemetryJson.Default.Gap, refused);

        var highestSeq = await IngestStore.LockGatewayAsync(connection, transaction, gateway, cancellationToken);
        var (inserted, reused) = await ReadingStore.InsertReadingsAsync(connection, transaction, gateway, readings, highestSeq, now, cancellationToken);
        var insertedAlerts = await IngestStore.InsertAlertsAsync(connection, transaction, gateway, alerts, cancellationToken);
        var alertChanges = await alertEngine.ApplyAsync(connection, transaction,
            AlertEngine.FromEdge(alerts.Where(a => insertedAlerts.Contains(a.Id))), now, cancellationToken);
        var insertedGaps = await IngestStore.InsertGapsAsync(connection, transaction, gateway, gaps, cancellationToken);
        reused.UnionWith(await IngestStore.FindReusedIdsAsync(connection, transaction,
            [.. alerts.Where(a => !insertedAlerts.Contains(a.Id))], [.. gaps.Where(g => !insertedGaps.Contains(g.Id))], cancellationToken));
        await IngestStore.InsertDeadLettersAsync(connection, transaction, gateway, refused, cancellationToken);
        var stored = inserted.Concat(insertedAlerts).Concat(insertedGaps).ToList();
        var journalFloor = await IngestStore.TouchGatewayAsync(connection, transaction, gateway, now,
            stored.Count == 0 ? 0 : stored.Max(id => IngestStore.JournalSequence(id, gateway.Id)), cancellationToken);
        await session.CommitAsync(cancellationToken);

        var accepted = stored.Count;
        var duplicates = readings.Count + alerts.Count + gaps.Count - accepted - reused.Count;
        metrics.Record(gateway.Id, accepted, duplicates, refused.Count + reused.Count);
        if (refused.Count > 0)
        {
            LogRefused(gateway.Id, refused.Count, refused[0].Reason);
        }

        if (reused.Count > 0)
        {
            LogIdsReused(gateway.Id, reused.Count, journalFloor);
        }

        var newReadings = readings.Where(r => inserted.Contains(r.Id)).ToList();
        liveFeed.Publish(gateway.TenantId, newReadings);
        liveAlerts.Publish(gateway.TenantId, alertChanges);
        cloudRules.Enqueue(gateway.TenantId, newReadings);
        var rejections = refused.Select(r => new IngestRejection(r.Id, r.Reason))
            .Concat(reused.Order(StringComparer.Ordinal).Select(id => new IngestRejection(id,
                $"{IngestRejectionReasons.IdReused}: {id} is stored for another item; renumber above {journalFloor} and send again")));
        return new IngestResponse(accepted, duplicates, [.. rejections]) { JournalFloor = reused.Count > 0 ? journalFloor : null };
    }

    /// <summary>Keeps the items <paramref name="check"/> has nothing against; records the others as refused.</summary>
    private static List<T> Screen<T>(
        IEnumerable<T> items,
        Func<T, string?> check,
        Func<T, string> id,
        Func<T, string?> deviceId,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        List<RefusedItem> refused)
    {
        var kept = new List<T>();
        foreach (var item in items)
        {
            if (check(item) is { } reason)
            {
                refused.Add(new RefusedItem(id(item) ?? string.Empty, deviceId(item), reason, JsonSerializer.Serialize(item, typeInfo)));
            }
            else
            {
                kept.Add(item);
            }
        }

        return kept;
    }
}
