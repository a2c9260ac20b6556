using Edge.Testing;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Notifications;

/// <summary>A cloud running its clustered scheduler, with fast escalation and delivery jobs.</summary>
public sealed class SchedulingCloudFixture(PostgresServer postgres) : CloudAppFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Ingest:AutoRegisterUnknownDevices"] = "true",
        ["Storage:SchedulerEnabled"] = "true",
        ["Notifications:EscalationInterval"] = "00:00:01",
        ["Notifications:DeliveryInterval"] = "00:00:01",
    };
}

/// <summary>The whole way, on the real clock and the real scheduler: a critical alert from a gateway reaches tier 1's webhook.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class NotificationJobsTests(SchedulingCloudFixture cloud) : IClassFixture<SchedulingCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    [Fact]
    public async Task CriticalAlert_FromAGateway_ReachesTheFirstTiersWebhookThroughTheScheduledJobs()
    {
        await using var receiver = await TestHttpListener.StartAsync();
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO notification_contacts (tenant_id, name, channel, address, tier, created_by, updated_by)
            SELECT tenant_id, 'duty officer', 'webhook', @url, 1, 'test', 'test' FROM gateways WHERE id = @gateway
            """, new { url = receiver.BaseUrl + "/duty", gateway = CloudApp.GatewayId });

        await SendAsync(_app, EdgeAlert(1, "jobs-river", "critical", "raised", 3.4, TestData.Now));
        var alert = await AlertIdAsync(_app, "jobs-river");

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count(r => r.Body.Contains(alert.ToString(), StringComparison.Ordinal))),
            n => n == 1, TimeSpan.FromSeconds(30), "the webhook called by the delivery job");
        await Eventually.HoldsAsync(() => TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM alert_events WHERE alert_id = @alert AND event = 'notified'", new { alert }), n => n == 1, TimeSpan.FromSeconds(10), "notified event");
    }
}
