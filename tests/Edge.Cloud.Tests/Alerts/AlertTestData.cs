using System.Net.Http.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Tests.Alerts;

/// <summary>Gateway alert records and the requests that send them.</summary>
internal static class AlertTestData
{
    public static Alert EdgeAlert(
        long journalSeq, string deviceId, string severity, string state, double value, DateTimeOffset ts,
        string rule = "water_level_m>=2.5", string metric = "water_level_m", double threshold = 2.5, string gatewayId = CloudApp.GatewayId) => new()
    {
        Id = $"{gatewayId}:{journalSeq}",
        GatewayId = gatewayId,
        DeviceId = deviceId,
        Rule = rule,
        Metric = metric,
        Severity = severity,
        State = state,
        Value = value,
        Threshold = threshold,
        Ts = ts,
    };

    /// <summary>Sends alerts (and a reading per device first, so that an auto-registering cloud knows the device).</summary>
    public static async Task SendAsync(CloudApp app, params Alert[] alerts) => await SendAsync(app, app.GatewayKey, CloudApp.GatewayId, alerts);

    public static async Task SendAsync(CloudApp app, string key, string gatewayId, params Alert[] alerts)
    {
        using var gateway = app.CreateGatewayClient(key);
        var batch = new IngestBatch { GatewayId = gatewayId, Readings = [], Alerts = alerts };
        (await gateway.PostAsJsonAsync("/api/v1/ingest", batch, TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    public static Task<Guid> AlertIdAsync(CloudApp app, string deviceId) =>
        TestData.ScalarAsync<Guid>(app.ConnectionString, "SELECT id FROM alerts WHERE device_id = @deviceId ORDER BY raised_at DESC LIMIT 1", new { deviceId });
}
