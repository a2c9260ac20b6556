using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Mqtt;
using Edge.Testing;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// A report interval changed in the cloud (<c>PUT /api/v1/devices/{id}</c>) reaches the devices: an MQTT device as its
/// retained <c>devices/{id}/config</c> (read with mosquitto_sub), a LoRaWAN device through its network server's downlink
/// topic (ChirpStack <c>command/down</c>, the network server played by an MQTT client subscribed to it).
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class DownlinkPathTests(LocalPlatform platform)
{
    private const string GatewayId = "gw-e2e-downlinks";
    private const string DevEui = "70b3d57ed00000d1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task ReportIntervalChangedInTheCloud_ReachesMqttAndLoRaWanDevices()
    {
        var village = await platform.AddVillageAsync(GatewayId, new Dictionary<string, string?> { ["Gsm__GprsPort"] = "0" });
        using var api = new HttpClient { BaseAddress = new Uri(platform.CloudUrl, "api/v1/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await platform.LoginAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("devices", new { id = "e2e-d-mqtt", kind = "rain_gauge", gatewayId = GatewayId, reportIntervalS = 60 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("devices", new { id = "e2e-d-lora", kind = "river_level", gatewayId = GatewayId, devEui = DevEui, reportIntervalS = 600 })).StatusCode);
        await Eventually.HoldsAsync(async () => (await village.HealthAsync()).GetProperty("config").GetProperty("devices").GetInt32(),
            devices => devices == 2, Timeout, "the gateway has the cloud's configuration with both devices");
        await using var networkServer = new MqttClient(new MqttClientOptions { ClientId = "e2e-chirpstack", CleanSession = true }.WithBroker(village.Broker.Address));
        await networkServer.ConnectAsync(CancellationToken.None);
        await networkServer.SubscribeAsync([new MqttTopicFilter("application/+/device/+/command/down", MqttQualityOfService.AtLeastOnce)], CancellationToken.None);

        var time = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        await Sensor.PublishAsync(village.Broker, $"application/e2e-app/device/{DevEui}/event/up",
            $$"""{"time":"{{time}}","deviceInfo":{"devEui":"{{DevEui}}"},"fCnt":1,"fPort":1,"data":"AQ==","object":{"water_level_m":1.1} }""");

        Assert.Equal([0x01, 0x00, 0x00, 0x02, 0x58], await NextDownlinkAsync(networkServer)); // set report interval, 600 s
        Assert.Equal("""{"reportIntervalS":60}""", await RetainedConfigAsync(village, "e2e-d-mqtt"));

        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("devices/e2e-d-mqtt", new { reportIntervalS = 120 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("devices/e2e-d-lora", new { reportIntervalS = 900 })).StatusCode);

        Assert.Equal([0x01, 0x00, 0x00, 0x03, 0x84], await NextDownlinkAsync(networkServer)); // 900 s
        await Eventually.HoldsAsync(() => RetainedConfigAsync(village, "e2e-d-mqtt"), config => config == """{"reportIntervalS":120}""", Timeout, "the MQTT device's retained config changed");
    }

    private static async Task<byte[]> NextDownlinkAsync(MqttClient networkServer)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = await networkServer.Messages.ReadAsync(timeout.Token);
        await message.AcknowledgeAsync();
        Assert.Equal($"application/e2e-app/device/{DevEui}/command/down", message.Topic);
        using var body = JsonDocument.Parse(message.Payload);
        Assert.Equal(DevEui, body.RootElement.GetProperty("devEui").GetString());
        return Convert.FromBase64String(body.RootElement.GetProperty("data").GetString()!);
    }

    /// <summary>What a device subscribing to its config gets first: the retained copy (mosquitto_sub, an independent client).</summary>
    private static async Task<string> RetainedConfigAsync(Village village, string deviceId)
    {
        await using var subscriber = ExternalProcess.Start("mosquitto_sub",
            ["-h", village.Broker.Host, "-p", village.Broker.Port.ToString(CultureInfo.InvariantCulture), "-t", $"devices/{deviceId}/config", "-C", "1", "-W", "10"]);
        await subscriber.WaitForExitAsync(TimeSpan.FromSeconds(15));
        return subscriber.Output.Trim();
    }
}
