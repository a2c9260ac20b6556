using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.Mqtt;
using Edge.Testing;

namespace Edge.Cloud.Tests.Credentials;

/// <summary>Device MQTT credentials applied to a real Mosquitto through its dynamic-security plugin, and enforced by it.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class DeviceCredentialsApiTests(DynamicSecurityCloudFixture fixture, PostgresServer postgres) : IClassFixture<DynamicSecurityCloudFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private readonly CloudApp _app = fixture.App;
    private readonly MosquittoBroker _broker = fixture.Broker;

    private async Task<string> ProvisionWithCredentialsAsync(string deviceId)
    {
        using var admin = await _app.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/devices", new { id = deviceId, kind = "river_level" })).StatusCode);
        return await IssueAsync(admin, deviceId);
    }

    private static async Task<string> IssueAsync(HttpClient admin, string deviceId)
    {
        var response = await admin.PostAsync($"/api/v1/devices/{deviceId}/credentials", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var credentials = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(deviceId, credentials.GetProperty("username").GetString());
        return credentials.GetProperty("password").GetString()!;
    }

    private MqttClient Client(string username, string password) => new(new MqttClientOptions
    {
        ClientId = $"{username}-{Guid.NewGuid():N}",
        ProtocolVersion = MqttProtocolVersion.V500,
        Username = username,
        Password = password,
    }.WithBroker(_broker.Address));

    /// <summary>The broker's admin, who may receive everything: the test's independent observer.</summary>
    private async Task<MqttClient> ObserverAsync(string filter)
    {
        var observer = Client(DynamicSecurityCloudFixture.AdminUsername, fixture.AdminPassword);
        await observer.ConnectAsync(CancellationToken.None);
        Assert.True((await observer.SubscribeAsync([new MqttTopicFilter(filter)], CancellationToken.None))[0].Succeeded);
        return observer;
    }

    private static async Task<MqttReceivedMessage?> NextAsync(MqttClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await client.Messages.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Issue_ProvisionedDevice_PublishesItsReadingAndOnlyTheHashIsStored()
    {
        var password = await ProvisionWithCredentialsAsync("mqtt-dev-1");
        await using var observer = await ObserverAsync("devices/#");
        await using var device = Client("mqtt-dev-1", password);
        await device.ConnectAsync(CancellationToken.None);

        var result = await device.PublishAsync(new MqttApplicationMessage("devices/mqtt-dev-1/telemetry", """{"water_level_m":1.2}"""u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        var received = await NextAsync(observer, TimeSpan.FromSeconds(10));
        Assert.Equal("devices/mqtt-dev-1/telemetry", received?.Topic);
        Assert.Equal("""{"water_level_m":1.2}""", Encoding.UTF8.GetString(received!.Payload.Span));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM device_credentials WHERE device_id = 'mqtt-dev-1' AND mqtt_password_sha256 = @hash", new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(password)) }));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'device.credentials' AND target = 'mqtt-dev-1'"));
    }

    [Fact]
    public async Task Publish_ToAnotherDevicesTopic_IsNotAuthorizedAndNeverArrives()
    {
        var password = await ProvisionWithCredentialsAsync("mqtt-dev-2");
        await ProvisionWithCredentialsAsync("mqtt-victim");
        await using var observer = await ObserverAsync("devices/mqtt-victim/#");
        await using var device = Client("mqtt-dev-2", password);
        await device.ConnectAsync(CancellationToken.None);

        var result = await device.PublishAsync(new MqttApplicationMessage("devices/mqtt-victim/telemetry", """{"water_level_m":99}"""u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var elsewhere = await device.PublishAsync(new MqttApplicationMessage("gateway/gw-test/alerts", "{}"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        Assert.Equal(MqttReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, elsewhere.ReasonCode);
        Assert.Null(await NextAsync(observer, Quiet));
    }

    [Fact]
    public async Task Subscribe_OnlyItsOwnConfigIsGranted()
    {
        var password = await ProvisionWithCredentialsAsync("mqtt-dev-3");
        await using var device = Client("mqtt-dev-3", password);
        await device.ConnectAsync(CancellationToken.None);

        var results = await device.SubscribeAsync(
            [new MqttTopicFilter("devices/mqtt-dev-3/config"), new MqttTopicFilter("devices/mqtt-victim/config"), new MqttTopicFilter("devices/#")],
            CancellationToken.None);

        Assert.True(results[0].Succeeded);
        Assert.False(results[1].Succeeded);
        Assert.False(results[2].Succeeded);
    }

    [Fact]
    public async Task Receive_ItsOwnConfigArrives_AndNothingElse()
    {
        var password = await ProvisionWithCredentialsAsync("mqtt-dev-7");
        var writerPassword = Guid.NewGuid().ToString("N");
        await ControlAsync("createRole", "config-writer");
        await ControlAsync("addRoleACL", "config-writer", "publishClientSend", "devices/#", "allow");
        await ControlAsync("createClient", "config-writer", "-p", writerPassword);
        await ControlAsync("addClientRole", "config-writer", "config-writer");
        await using var writer = Client("config-writer", writerPassword);
        await writer.ConnectAsync(CancellationToken.None);
        await using var device = Client("mqtt-dev-7", password);
        await device.ConnectAsync(CancellationToken.None);
        Assert.True((await device.SubscribeAsync([new MqttTopicFilter("devices/mqtt-dev-7/config")], CancellationToken.None))[0].Succeeded);

        await writer.PublishAsync(new MqttApplicationMessage("devices/mqtt-other/config", """{"reportIntervalS":1}"""u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        await writer.PublishAsync(new MqttApplicationMessage("devices/mqtt-dev-7/config", """{"reportIntervalS":60}"""u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        var received = await NextAsync(device, TimeSpan.FromSeconds(10));
        Assert.Equal("devices/mqtt-dev-7/config", received?.Topic);
        Assert.Equal("""{"reportIntervalS":60}""", Encoding.UTF8.GetString(received!.Payload.Span));
        Assert.Null(await NextAsync(device, Quiet));
    }

    /// <summary>A dynamic-security command through Mosquitto's own tool, as the admin (an independent second client).</summary>
    private async Task ControlAsync(params string[] command)
    {
        await using var control = ExternalProcess.Start("/usr/bin/mosquitto_ctrl",
            ["-h", _broker.Host, "-p", _broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", DynamicSecurityCloudFixture.AdminUsername, "-P", fixture.AdminPassword, "dynsec", .. command],
            "mosquitto_ctrl");
        Assert.True(await control.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, control.Output);
    }

    [Fact]
    public async Task Retire_ConnectedDevice_IsCutOffAndCannotConnectAgain()
    {
        var password = await ProvisionWithCredentialsAsync("mqtt-dev-4");
        await using var device = Client("mqtt-dev-4", password);
        await device.ConnectAsync(CancellationToken.None);
        using var admin = await _app.CreateUserClientAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/devices/mqtt-dev-4")).StatusCode);

        await Task.WhenAny(device.Disconnected, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(device.Disconnected.IsCompleted, "the retired device's connection is still open");
        await using var again = Client("mqtt-dev-4", password);
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => again.ConnectAsync(CancellationToken.None));
        Assert.Contains(refused.ReasonCode, new[] { MqttReasonCode.NotAuthorized, MqttReasonCode.BadUserNameOrPassword });
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM device_credentials WHERE device_id = 'mqtt-dev-4' AND mqtt_password_sha256 IS NOT NULL"));
    }

    [Fact]
    public async Task Rotate_OldPasswordIsRefusedAndTheNewOneWorks()
    {
        var old = await ProvisionWithCredentialsAsync("mqtt-dev-5");
        using var admin = await _app.CreateUserClientAsync();

        var rotated = await IssueAsync(admin, "mqtt-dev-5");

        Assert.NotEqual(old, rotated);
        await using var withOld = Client("mqtt-dev-5", old);
        await Assert.ThrowsAsync<MqttConnectException>(() => withOld.ConnectAsync(CancellationToken.None));
        await using var withNew = Client("mqtt-dev-5", rotated);
        await withNew.ConnectAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Issue_RetiredOrForeignDevice_IsConflictOrNotFound()
    {
        await ProvisionWithCredentialsAsync("mqtt-dev-6");
        using var admin = await _app.CreateUserClientAsync();
        await admin.DeleteAsync("/api/v1/devices/mqtt-dev-6");

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/v1/devices/mqtt-dev-6/credentials", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/devices/mqtt-nobody/credentials", null)).StatusCode);
    }

    [Fact]
    public async Task Issue_BrokerUnreachable_IsServiceUnavailableAndNothingIsStored()
    {
        await using var cloud = await CloudApp.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Broker:Address"] = $"127.0.0.1:{FreeTcpPort.Next()}",
            ["Broker:AdminUsername"] = "nobody",
            ["Broker:AdminPassword"] = "nothing",
            ["Broker:Timeout"] = "00:00:03",
        });
        using var admin = await cloud.CreateUserClientAsync();
        await admin.PostAsJsonAsync("/api/v1/devices", new { id = "mqtt-offline" });

        var response = await admin.PostAsync("/api/v1/devices/mqtt-offline/credentials", null);
        var retire = await admin.DeleteAsync("/api/v1/devices/mqtt-offline");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await TestData.ScalarAsync<long>(cloud.ConnectionString, "SELECT count(*) FROM device_credentials"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, retire.StatusCode);
        Assert.Equal("active", await TestData.ScalarAsync<string>(cloud.ConnectionString, "SELECT status FROM devices WHERE id = 'mqtt-offline'"));
    }
}
