using System.Text.Json;
using Dapper;
using Edge.Cloud.Notifications;
using Edge.Cloud.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Notifications;

/// <summary>The outbox delivered over real sockets: a Kestrel webhook receiver and SMS gateway, a small SMTP server.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class OutboxDeliveryTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;
    private static long _seq = 1000;

    private OutboxDelivery Delivery(TimeProvider clock, NotificationOptions settings)
    {
        var options = Options.Create(settings);
        var http = _app.Services.GetRequiredService<IHttpClientFactory>();
        return new OutboxDelivery(_app.Services.GetRequiredService<TenantDatabase>(),
            [new WebhookChannel(http), new SmsGatewayChannel(http, options), new EmailChannel(options)], options, clock, NullLogger<OutboxDelivery>.Instance);
    }

    /// <summary>A critical alert of a fresh device and one message about it in the outbox, due at <paramref name="due"/>.</summary>
    private async Task<(Guid Alert, long Message)> QueueAsync(string channel, string address, DateTimeOffset due)
    {
        var seq = Interlocked.Increment(ref _seq);
        var device = $"out-{channel}-{seq}";
        await SendAsync(_app, EdgeAlert(seq, device, "critical", "raised", 2.9, TestData.Now));
        var alert = await AlertIdAsync(_app, device);
        var message = await TestData.ScalarAsync<long>(_app.ConnectionString, """
            INSERT INTO notification_outbox (tenant_id, alert_id, tier, channel, address, payload, next_attempt_at, created_at)
            SELECT tenant_id, id, 1, @channel, @address,
                   jsonb_build_object('alertId', id, 'deviceId', device_id, 'rule', rule, 'severity', severity, 'value', value,
                                      'threshold', threshold, 'raisedAt', raised_at, 'tier', 1), @due, @due
            FROM alerts WHERE id = @alert
            RETURNING id
            """, new { alert, channel, address, due });
        return (alert, message);
    }

    private async Task<(string Status, int Attempts, string? LastError, DateTime NextAttemptAt)> MessageAsync(long id)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        return await connection.QuerySingleAsync<(string, int, string?, DateTime)>(
            "SELECT status, attempts, last_error, next_attempt_at FROM notification_outbox WHERE id = @id", new { id });
    }

    [Fact]
    public async Task Webhook_Accepted_IsSentAndRecordedOnTheAlert()
    {
        await using var receiver = await TestHttpListener.StartAsync();
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (alert, message) = await QueueAsync("webhook", receiver.BaseUrl + "/hooks/edge", clock.GetUtcNow());

        await Delivery(clock, new NotificationOptions()).RunAsync(default);

        var request = Assert.Single(receiver.Requests, r => r.Body.Contains(alert.ToString(), StringComparison.Ordinal));
        Assert.Equal("/hooks/edge", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("critical", JsonDocument.Parse(request.Body).RootElement.GetProperty("severity").GetString());
        Assert.Equal(("sent", 1), ((await MessageAsync(message)).Status, (await MessageAsync(message)).Attempts));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM alert_events WHERE alert_id = @alert AND event = 'notified' AND details->>'channel' = 'webhook'", new { alert }));
    }

    [Fact]
    public async Task Webhook_Refusing_IsRetriedAfterADoublingPauseAndSentWhenItRecovers()
    {
        await using var receiver = await TestHttpListener.StartAsync();
        receiver.Status = 503;
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (_, message) = await QueueAsync("webhook", receiver.BaseUrl + "/flaky", clock.GetUtcNow());
        var settings = new NotificationOptions { RetryBaseDelay = TimeSpan.FromSeconds(30) };

        await Delivery(clock, settings).RunAsync(default);
        var first = await MessageAsync(message);
        clock.Advance(TimeSpan.FromSeconds(20));
        await Delivery(clock, settings).RunAsync(default);
        var early = receiver.Requests.Count(r => r.Path == "/flaky");
        clock.Advance(TimeSpan.FromSeconds(11));
        await Delivery(clock, settings).RunAsync(default);
        var second = await MessageAsync(message);
        var secondAt = clock.GetUtcNow().UtcDateTime;
        receiver.Status = 200;
        clock.Advance(TimeSpan.FromSeconds(61));
        await Delivery(clock, settings).RunAsync(default);

        Assert.Equal(("pending", 1), (first.Status, first.Attempts));
        Assert.Contains("503", first.LastError, StringComparison.Ordinal);
        Assert.Equal(1, early);
        Assert.Equal(("pending", 2), (second.Status, second.Attempts));
        Assert.InRange(second.NextAttemptAt, secondAt.AddSeconds(60).AddMilliseconds(-1), secondAt.AddSeconds(60).AddMilliseconds(1)); // 30 s doubled
        Assert.Equal(("sent", 3), ((await MessageAsync(message)).Status, (await MessageAsync(message)).Attempts));
    }

    [Fact]
    public async Task Webhook_RefusingEveryTime_FailsAfterMaxAttemptsWithTheReason()
    {
        await using var receiver = await TestHttpListener.StartAsync();
        receiver.Status = 500;
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (_, message) = await QueueAsync("webhook", receiver.BaseUrl + "/broken", clock.GetUtcNow());
        var settings = new NotificationOptions { MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromSeconds(5) };

        await Delivery(clock, settings).RunAsync(default);
        clock.Advance(TimeSpan.FromSeconds(6));
        await Delivery(clock, settings).RunAsync(default);
        clock.Advance(TimeSpan.FromHours(1));
        await Delivery(clock, settings).RunAsync(default);

        var failed = await MessageAsync(message);
        Assert.Equal(("failed", 2), (failed.Status, failed.Attempts));
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(2, receiver.Requests.Count(r => r.Path == "/broken"));
    }

    [Fact]
    public async Task Sms_ThroughTheHttpGateway_PostsNumberTextAndKey()
    {
        await using var gateway = await TestHttpListener.StartAsync();
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (alert, message) = await QueueAsync("sms", "+254700000001", clock.GetUtcNow());
        var settings = new NotificationOptions { Sms = new SmsGatewaySettings { Url = gateway.BaseUrl + "/send", ApiKey = "sms-key" } };

        await Delivery(clock, settings).RunAsync(default);

        var request = Assert.Single(gateway.Requests, r => r.Body.Contains(alert.ToString(), StringComparison.Ordinal));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("+254700000001", body.GetProperty("to").GetString());
        Assert.StartsWith("CRITICAL water_level_m>=2.5 at out-sms-", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("sms-key", request.Headers["X-Api-Key"]);
        Assert.Equal("sent", (await MessageAsync(message)).Status);
    }

    [Fact]
    public async Task Sms_NoGatewayConfigured_FailsWithThatReason()
    {
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (_, message) = await QueueAsync("sms", "+254700000003", clock.GetUtcNow());

        await Delivery(clock, new NotificationOptions { MaxAttempts = 1 }).RunAsync(default);

        var failed = await MessageAsync(message);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("Notifications:Sms:Url", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_ThroughSmtp_IsDeliveredToTheContact()
    {
        using var smtp = TestSmtpServer.Start();
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var (alert, message) = await QueueAsync("email", "duty@town.local", clock.GetUtcNow());
        var settings = new NotificationOptions { Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, From = "alerts@edge.local" } };

        await Delivery(clock, settings).RunAsync(default);

        var mail = Assert.Single(smtp.Messages, m => m.Data.Contains(alert.ToString(), StringComparison.Ordinal));
        Assert.Equal(["<duty@town.local>"], mail.To);
        Assert.Equal("<alerts@edge.local>", mail.From);
        Assert.Contains("Subject: [CRITICAL] water_level_m>=2.5 at out-email-", mail.Data, StringComparison.Ordinal);
        Assert.Equal("sent", (await MessageAsync(message)).Status);
    }
}
