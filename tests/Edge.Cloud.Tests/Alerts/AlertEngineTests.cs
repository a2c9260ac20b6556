using Dapper;
using Npgsql;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Alerts;

/// <summary>Gateways' alert records through ingest into the alert engine: one active alert per device and rule, every step recorded.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class AlertEngineTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task<List<(string Status, string Severity, double Value, DateTime? ClearedAt, string? ResolvedBy, string Origin, string Category)>> AlertsAsync(string deviceId)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        return [.. await connection.QueryAsync<(string, string, double, DateTime?, string?, string, string)>(
            "SELECT status, severity, value, cleared_at, resolved_by, origin, category FROM alerts WHERE device_id = @deviceId ORDER BY raised_at", new { deviceId })];
    }

    private async Task<List<string>> EventsAsync(string deviceId)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        return [.. await connection.QueryAsync<string>(
            "SELECT e.event || ':' || e.actor FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.device_id = @deviceId ORDER BY e.id", new { deviceId })];
    }

    [Fact]
    public async Task EdgeAlert_Raised_OpensOneAlertRaisedBySystem()
    {
        await SendAsync(_app, EdgeAlert(1, "ae-raise", "critical", "raised", 2.7, TestData.Now));

        var alert = Assert.Single(await AlertsAsync("ae-raise"));
        Assert.Equal(("open", "critical", 2.7, "edge", "hazard"), (alert.Status, alert.Severity, alert.Value, alert.Origin, alert.Category));
        Assert.Null(alert.ClearedAt);
        Assert.Equal(["raised:system"], await EventsAsync("ae-raise"));
    }

    [Fact]
    public async Task EdgeAlert_SeverityChanges_UpdatesTheSameAlert()
    {
        await SendAsync(_app, EdgeAlert(10, "ae-escalate", "warning", "raised", 2.6, TestData.Now));
        await SendAsync(_app, EdgeAlert(11, "ae-escalate", "critical", "raised", 3.1, TestData.Now.AddMinutes(5)));

        var alert = Assert.Single(await AlertsAsync("ae-escalate"));
        Assert.Equal(("critical", 3.1), (alert.Severity, alert.Value));
        Assert.Equal(["raised:system", "updated:system"], await EventsAsync("ae-escalate"));
    }

    [Fact]
    public async Task EdgeAlert_SentAgain_IsRecordedOnce()
    {
        var raised = EdgeAlert(20, "ae-dup", "critical", "raised", 2.9, TestData.Now);

        await SendAsync(_app, raised);
        await SendAsync(_app, raised);

        Assert.Single(await AlertsAsync("ae-dup"));
        Assert.Equal(["raised:system"], await EventsAsync("ae-dup"));
    }

    [Fact]
    public async Task EdgeAlert_HazardCleared_StaysForAPersonAndANewRaiseOpensAnother()
    {
        await SendAsync(_app,
            EdgeAlert(30, "ae-clear", "critical", "raised", 2.9, TestData.Now),
            EdgeAlert(31, "ae-clear", "critical", "cleared", 2.3, TestData.Now.AddMinutes(10)));
        await SendAsync(_app, EdgeAlert(32, "ae-clear", "warning", "raised", 2.6, TestData.Now.AddMinutes(20)));

        var alerts = await AlertsAsync("ae-clear");
        Assert.Equal(2, alerts.Count);
        Assert.Equal("open", alerts[0].Status);
        Assert.Equal(TestData.Now.AddMinutes(10).UtcDateTime, alerts[0].ClearedAt);
        Assert.Null(alerts[0].ResolvedBy);
        Assert.Equal(("open", "warning"), (alerts[1].Status, alerts[1].Severity));
        Assert.Equal(["raised:system", "cleared:system", "raised:system"], await EventsAsync("ae-clear"));
    }

    [Fact]
    public async Task EdgeAlert_MaintenanceCleared_IsResolvedBySystem()
    {
        await SendAsync(_app,
            EdgeAlert(40, "ae-battery", "warning", "raised", 3.2, TestData.Now, rule: "battery_v<=3.3", metric: "battery_v", threshold: 3.3),
            EdgeAlert(41, "ae-battery", "warning", "cleared", 3.6, TestData.Now.AddHours(1), rule: "battery_v<=3.3", metric: "battery_v", threshold: 3.45));

        var alert = Assert.Single(await AlertsAsync("ae-battery"));
        Assert.Equal(("resolved", "system", "maintenance"), (alert.Status, alert.ResolvedBy, alert.Category));
        Assert.Equal(["raised:system", "cleared:system", "resolved:system"], await EventsAsync("ae-battery"));
    }

    [Fact]
    public async Task EdgeAlert_ClearWithoutRaise_ChangesNothing()
    {
        await SendAsync(_app, EdgeAlert(50, "ae-stray", "critical", "cleared", 2.0, TestData.Now));

        Assert.Empty(await AlertsAsync("ae-stray"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM edge_alerts WHERE device_id = 'ae-stray'"));
    }
}
