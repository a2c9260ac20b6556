using System.Net.Http.Json;
using Edge.Cloud.Notifications;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Notifications;

/// <summary>The escalation chain on a fake clock: tier 1 at once, the next tier when nobody acknowledged in time, nothing after an acknowledgement.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class EscalationRunTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private static readonly TimeSpan After = TimeSpan.FromMinutes(10);
    private readonly CloudApp _app = cloud.App;

    public async Task InitializeAsync()
    {
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO notification_contacts (tenant_id, name, channel, address, tier, created_by, updated_by)
            SELECT tenant_id, c.name, c.channel, c.address, c.tier, 'test', 'test'
            FROM gateways, (VALUES ('duty officer', 'webhook', 'http://127.0.0.1:9/duty', 1),
                                   ('mayor', 'sms', '+254700000002', 3),
                                   ('retired', 'email', 'old@town.local', 2)) AS c(name, channel, address, tier)
            WHERE gateways.id = @gateway AND NOT EXISTS (SELECT 1 FROM notification_contacts);
            UPDATE notification_contacts SET enabled = false WHERE name = 'retired';
            """, new { gateway = CloudApp.GatewayId });
        await TestData.AddUserAsync(_app.ConnectionString, "operator@escalation.local", "escalation-password", "operator");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private EscalationRun Escalation(TimeProvider clock) => new(
        _app.Services.GetRequiredService<TenantDatabase>(), _app.Services.GetRequiredService<LiveAlertFeed>(),
        Options.Create(new NotificationOptions { EscalationAfter = After }), clock);

    private Task<List<(int Tier, string Channel)>> OutboxAsync(Guid alert) => QueryAsync<(int, string)>(
        "SELECT tier, channel FROM notification_outbox WHERE alert_id = @alert ORDER BY id", new { alert });

    private async Task<List<T>> QueryAsync<T>(string sql, object parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_app.ConnectionString);
        return [.. await Dapper.SqlMapper.QueryAsync<T>(connection, sql, parameters)];
    }

    [Fact]
    public async Task CriticalAlert_NotAcknowledged_ReachesTheNextTierWithContactsAfterTheEscalationTime()
    {
        await SendAsync(_app, EdgeAlert(1, "esc-chain", "critical", "raised", 2.9, TestData.Now));
        var alert = await AlertIdAsync(_app, "esc-chain");
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());

        await Escalation(clock).RunAsync(default);
        Assert.Equal([(1, "webhook")], await OutboxAsync(alert));

        clock.Advance(After - TimeSpan.FromSeconds(1));
        await Escalation(clock).RunAsync(default);
        Assert.Equal([(1, "webhook")], await OutboxAsync(alert));

        clock.Advance(TimeSpan.FromSeconds(2));
        await Escalation(clock).RunAsync(default);
        Assert.Equal([(1, "webhook"), (3, "sms")], await OutboxAsync(alert)); // tier 2 has only a disabled contact

        clock.Advance(After * 5);
        await Escalation(clock).RunAsync(default);
        Assert.Equal(2, (await OutboxAsync(alert)).Count); // no tier left
        var events = await QueryAsync<string>("SELECT details->>'tier' FROM alert_events WHERE alert_id = @alert AND event = 'escalated' ORDER BY id", new { alert });
        Assert.Equal(["1", "3"], events);
    }

    [Fact]
    public async Task CriticalAlert_Acknowledged_StopsTheChain()
    {
        await SendAsync(_app, EdgeAlert(10, "esc-ack", "critical", "raised", 2.9, TestData.Now));
        var alert = await AlertIdAsync(_app, "esc-ack");
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await Escalation(clock).RunAsync(default);
        using var client = await _app.CreateUserClientAsync("operator@escalation.local", "escalation-password");

        (await client.PostAsJsonAsync($"/api/v1/alerts/{alert}/ack", new { comment = "seen" })).EnsureSuccessStatusCode();
        clock.Advance(After * 3);
        await Escalation(clock).RunAsync(default);

        Assert.Equal([(1, "webhook")], await OutboxAsync(alert));
    }

    [Theory]
    [InlineData("warning", "water_level_m")]
    [InlineData("critical", "battery_v")]
    public async Task Alert_NotACriticalHazard_NotifiesNobody(string severity, string metric)
    {
        var device = $"esc-quiet-{severity}";
        await SendAsync(_app, EdgeAlert(severity == "warning" ? 20 : 21, device, severity, "raised", 3.0, TestData.Now, rule: metric + " rule", metric: metric));
        var alert = await AlertIdAsync(_app, device);
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow().AddHours(1));

        await Escalation(clock).RunAsync(default);

        Assert.Empty(await OutboxAsync(alert));
    }
}
