using System.Net.Http.Json;
using Dapper;
using Edge.Rules;
using Edge.Telemetry;
using Edge.Testing;
using Npgsql;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Alerts;

/// <summary>The municipality's rules evaluated in the cloud on stored readings, into the same alerts as the gateways' alarms.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class CloudRuleEvaluatorTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private const string Definition = """{"kind":"threshold","metric":"water_level_m","devices":["cr-river","cr-both"],"levels":[{"severity":"critical","raise":2.5,"clear":2.3}]}""";
    private readonly CloudApp _app = cloud.App;

    private static string RuleName
    {
        get
        {
            Assert.True(RuleSet.TryParse($$"""{"version":1,"rules":[{{Definition}}]}""", out var set, out var errors), string.Join("; ", errors));
            return Assert.Single(set.Rules).Name;
        }
    }

    public async Task InitializeAsync()
    {
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO rules (tenant_id, definition) SELECT tenant_id, @definition::jsonb FROM gateways WHERE id = @gateway
                AND NOT EXISTS (SELECT 1 FROM rules);
            INSERT INTO rules (tenant_id, definition) SELECT tenant_id, '{"kind":"threshold","metric":"water_level_m"}'::jsonb FROM gateways WHERE id = @gateway
                AND (SELECT count(*) FROM rules) = 1;
            """, new { definition = Definition, gateway = CloudApp.GatewayId });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task IngestAsync(long seq, string deviceId, DateTimeOffset ts, double level)
    {
        using var gateway = _app.CreateGatewayClient();
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, seq, deviceId, ts, ("water_level_m", level))),
            TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    private async Task<List<(string Origin, Guid? RuleId, int? RuleVersion, string Rule, DateTime? ClearedAt)>> AlertsAsync(string deviceId)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        return [.. await connection.QueryAsync<(string, Guid?, int?, string, DateTime?)>(
            "SELECT origin, rule_id, rule_version, rule, cleared_at FROM alerts WHERE device_id = @deviceId ORDER BY raised_at", new { deviceId })];
    }

    [Fact]
    public async Task Reading_AboveTheRulesLevel_RaisesACloudAlertUnderTheRuleVersionAndClearsBelow()
    {
        await IngestAsync(1, "cr-river", TestData.Now, 2.7);

        var raised = await Eventually.HoldsAsync(() => AlertsAsync("cr-river"), a => a.Count == 1, TimeSpan.FromSeconds(10), "cloud alert raised");
        var rule = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT id FROM rules WHERE definition->'devices' IS NOT NULL");
        Assert.Equal(("cloud", rule, 1, RuleName), (raised[0].Origin, raised[0].RuleId, raised[0].RuleVersion, raised[0].Rule));

        await IngestAsync(2, "cr-river", TestData.Now.AddMinutes(5), 2.0);

        var cleared = await Eventually.HoldsAsync(() => AlertsAsync("cr-river"), a => a.Count == 1 && a[0].ClearedAt is not null, TimeSpan.FromSeconds(10), "cloud alert cleared");
        Assert.Equal(TestData.Now.AddMinutes(5).UtcDateTime, cleared[0].ClearedAt);
    }

    [Fact]
    public async Task SameAlarm_RaisedAtTheEdgeAndInTheCloud_IsOneAlert()
    {
        await IngestAsync(10, "cr-both", TestData.Now, 2.8);
        await SendAsync(_app, EdgeAlert(11, "cr-both", "critical", "raised", 2.8, TestData.Now, rule: RuleName));

        await Eventually.HoldsAsync(() => TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.device_id = 'cr-both'"), n => n >= 1, TimeSpan.FromSeconds(10), "alert raised");
        await Task.Delay(500); // the cloud's evaluation runs right after ingest: give it its turn

        Assert.Single(await AlertsAsync("cr-both"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.device_id = 'cr-both' AND e.event = 'raised'"));
    }
}
