using System.Net.Http.Json;
using Edge.Cloud.Tests.Alerts;
using Edge.Telemetry;
using Edge.Testing;

namespace Edge.Cloud.Tests.Realtime;

[Collection(CloudDatabaseCollection.Name)]
public sealed class ControlRoomHubTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private Task<SignalRTestClient> ConnectAsync(string token) =>
        SignalRTestClient.ConnectAsync(cancellationToken => _app.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri($"ws://localhost/hubs/control-room?access_token={Uri.EscapeDataString(token)}"), cancellationToken));

    private async Task IngestAsync(string gatewayId, string key, long seq, string deviceId, DateTimeOffset ts)
    {
        using var gateway = _app.CreateGatewayClient(key);
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(gatewayId, TestData.Reading(gatewayId, seq, deviceId, ts, ("water_level_m", 1.25))),
            TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Reading_Stored_ReachesOwnMunicipalityOnly()
    {
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "hub-other", "gw-hub-other", "op@hub-other.local", "other-password");
        await using var ours = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));
        await using var theirs = await ConnectAsync(await _app.LoginAsync("op@hub-other.local", "other-password"));

        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 1, "hub-ours", TestData.Now);
        await IngestAsync("gw-hub-other", otherKey, 1, "hub-theirs", TestData.Now);

        var reading = await ours.WaitForAsync("reading", r => r.GetProperty("deviceId").GetString() == "hub-ours", TimeSpan.FromSeconds(10));
        Assert.Equal($"{CloudApp.GatewayId}:1", reading.GetProperty("readingId").GetString());
        Assert.Equal(1.25, reading.GetProperty("values").GetProperty("water_level_m").GetDouble());
        await theirs.WaitForAsync("reading", r => r.GetProperty("deviceId").GetString() == "hub-theirs", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(ours.Received, r => r.Target == "reading" && r.Arguments[0].GetProperty("deviceId").GetString() == "hub-theirs");
        Assert.DoesNotContain(theirs.Received, r => r.Target == "reading" && r.Arguments[0].GetProperty("deviceId").GetString() == "hub-ours");
    }

    [Fact]
    public async Task Reading_Duplicate_IsNotPushedAgain()
    {
        await using var client = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));
        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 50, "hub-dup", TestData.Now);
        await client.WaitForAsync("reading", r => r.GetProperty("deviceId").GetString() == "hub-dup", TimeSpan.FromSeconds(10));

        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 50, "hub-dup", TestData.Now);
        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 51, "hub-marker", TestData.Now);
        await client.WaitForAsync("reading", r => r.GetProperty("deviceId").GetString() == "hub-marker", TimeSpan.FromSeconds(10));

        Assert.Single(client.Received, r => r.Target == "reading" && r.Arguments[0].GetProperty("deviceId").GetString() == "hub-dup");
    }

    [Fact]
    public async Task WatchDevice_OfAnotherMunicipality_IsRefused()
    {
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "watch-other", "gw-watch-other", "op@watch-other.local", "other-password");
        await IngestAsync("gw-watch-other", otherKey, 1, "watch-theirs", TestData.Now);
        await using var ours = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ours.InvokeAsync("WatchDevice", "watch-theirs"));

        Assert.Contains("unknown device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchDevice_Watched_GetsEveryReadingWhileMunicipalityStreamIsThrottled()
    {
        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 100, "hub-fast", TestData.Now);
        await using var watcher = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));
        await watcher.InvokeAsync("WatchDevice", "hub-fast");

        for (var i = 1; i <= 5; i++)
        {
            await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 100 + i, "hub-fast", TestData.Now.AddSeconds(i));
        }

        await watcher.WaitForAsync("reading", r => r.GetProperty("readingId").GetString() == $"{CloudApp.GatewayId}:105", TimeSpan.FromSeconds(10));
        await Task.Delay(1500); // let the throttle release the newest held-back reading
        var ids = watcher.Received.Where(r => r.Target == "reading").Select(r => r.Arguments[0].GetProperty("readingId").GetString()).ToList();
        Assert.All(Enumerable.Range(101, 5), i => Assert.Contains($"{CloudApp.GatewayId}:{i}", ids));
    }

    [Fact]
    public async Task Alert_Raised_ReachesOwnMunicipalityOnly()
    {
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "hub-alert-other", "gw-hub-alert-other", "op@hub-alert-other.local", "other-password");
        await using var ours = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));
        await using var theirs = await ConnectAsync(await _app.LoginAsync("op@hub-alert-other.local", "other-password"));

        await AlertTestData.SendAsync(_app, AlertTestData.EdgeAlert(200, "hub-alert-ours", "critical", "raised", 2.9, TestData.Now));
        await AlertTestData.SendAsync(_app, otherKey, "gw-hub-alert-other",
            AlertTestData.EdgeAlert(1, "hub-alert-theirs", "critical", "raised", 2.9, TestData.Now, gatewayId: "gw-hub-alert-other"));

        var pushed = await ours.WaitForAsync("alert", a => a.GetProperty("alert").GetProperty("deviceId").GetString() == "hub-alert-ours", TimeSpan.FromSeconds(10));
        Assert.Equal("raised", pushed.GetProperty("change").GetString());
        Assert.Equal("critical", pushed.GetProperty("alert").GetProperty("severity").GetString());
        await theirs.WaitForAsync("alert", a => a.GetProperty("alert").GetProperty("deviceId").GetString() == "hub-alert-theirs", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(ours.Received, r => r.Target == "alert" && r.Arguments[0].GetProperty("alert").GetProperty("deviceId").GetString() == "hub-alert-theirs");
        Assert.DoesNotContain(theirs.Received, r => r.Target == "alert" && r.Arguments[0].GetProperty("alert").GetProperty("deviceId").GetString() == "hub-alert-ours");
    }

    [Fact]
    public async Task Connect_WithUnresolvedAlerts_GetsThemAsCurrentState()
    {
        await AlertTestData.SendAsync(_app,
            AlertTestData.EdgeAlert(300, "hub-current", "warning", "raised", 2.6, TestData.Now),
            AlertTestData.EdgeAlert(301, "hub-gone", "warning", "raised", 3.2, TestData.Now, rule: "battery_v<=3.3", metric: "battery_v", threshold: 3.3),
            AlertTestData.EdgeAlert(302, "hub-gone", "warning", "cleared", 3.6, TestData.Now.AddMinutes(1), rule: "battery_v<=3.3", metric: "battery_v", threshold: 3.45));

        await using var reconnected = await ConnectAsync(await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword));

        var current = await reconnected.WaitForAsync("alert", a => a.GetProperty("alert").GetProperty("deviceId").GetString() == "hub-current", TimeSpan.FromSeconds(10));
        Assert.Equal("current", current.GetProperty("change").GetString());
        Assert.DoesNotContain(reconnected.Received, r => r.Target == "alert" && r.Arguments[0].GetProperty("alert").GetProperty("deviceId").GetString() == "hub-gone");
    }
}
