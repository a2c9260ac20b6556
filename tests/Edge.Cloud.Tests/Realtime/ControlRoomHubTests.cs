using System.Net.Http.Json;
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
        Assert.DoesNotContain(ours.Received, r => r.Arguments[0].GetProperty("deviceId").GetString() == "hub-theirs");
        Assert.DoesNotContain(theirs.Received, r => r.Arguments[0].GetProperty("deviceId").GetString() == "hub-ours");
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

        Assert.Single(client.Received, r => r.Arguments[0].GetProperty("deviceId").GetString() == "hub-dup");
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
        var ids = watcher.Received.Select(r => r.Arguments[0].GetProperty("readingId").GetString()).ToList();
        Assert.All(Enumerable.Range(101, 5), i => Assert.Contains($"{CloudApp.GatewayId}:{i}", ids));
    }
}
