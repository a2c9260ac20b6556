using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Downlinks;
using Edge.Mqtt;
using Edge.Telemetry.Contracts;
using Edge.Testing;

namespace Edge.Gateway.Tests.Downlinks;

/// <summary>
/// The whole gateway on a real Mosquitto: a LoRaWAN device's report interval reaches its network server's downlink topic
/// (ChirpStack v4 <c>command/down</c>, The Things Stack v3 <c>down/push</c>, shapes from
/// https://www.chirpstack.io/docs/chirpstack/integrations/mqtt.html and https://www.thethingsindustries.com/docs/integrations/mqtt/),
/// encoded by the profile's encodeDownlink or by the default encoding, once the device's uplink showed where it is.
/// </summary>
public sealed class LoRaWanDownlinkTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly string _chirpStackEui = "a1" + Guid.NewGuid().ToString("N")[..14];
    private readonly string _thingsStackEui = "b2" + Guid.NewGuid().ToString("N")[..14];
    private GatewayServices _gateway = null!;
    private MqttClient _networkServer = null!;

    private const string Script = """
        function decodeUplink(input) { return { data: { level_cm: (input.bytes[0] << 8) | input.bytes[1] } }; }
        function encodeDownlink(input) { var s = input.data.reportIntervalS / 60; return { bytes: [0xA0, s & 255], fPort: input.fPort }; }
        """;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:" + FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Broker"] = broker.Address,
            ["Mqtt:ClientId"] = "gw-dl-" + _suffix,
            ["Gsm:GprsPort"] = "0",
        });
        SetReportIntervals(600, 900);
        _networkServer = new MqttClient(new MqttClientOptions { ClientId = "ns-" + _suffix, CleanSession = true }.WithBroker(broker.Address));
        await _networkServer.ConnectAsync(CancellationToken.None);
        await _networkServer.SubscribeAsync(
            [new MqttTopicFilter("application/+/device/+/command/down", MqttQualityOfService.AtLeastOnce), new MqttTopicFilter("v3/+/devices/+/down/push", MqttQualityOfService.AtLeastOnce)],
            CancellationToken.None);
        await _gateway.StartAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(_gateway.Get<GatewayState>().MqttConnected), connected => connected, Timeout, "gateway subscribed to the uplinks");
    }

    public async Task DisposeAsync()
    {
        await _networkServer.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private void SetReportIntervals(int chirpStack, int thingsStack) => _gateway.Get<GatewayConfigState>().Set(new GatewayConfig
    {
        GatewayId = "gw-test",
        Devices =
        [
            new GatewayDevice("rl-cs-" + _suffix, "river_level", "cs", "active", null, null) { DevEui = _chirpStackEui, ProfileId = "js-river", ReportIntervalS = chirpStack },
            new GatewayDevice("rl-tts-" + _suffix, "river_level", "tts", "active", null, null) { DevEui = _thingsStackEui, ReportIntervalS = thingsStack },
        ],
        Profiles = [JsonSerializer.SerializeToElement(new { id = "js-river", codec = "javascript", script = Script, fields = new { level_cm = new { metric = "water_level_m", unit = "cm" } } })],
    }, ConfigSource.Cloud, null, null);

    private async Task UplinkAsync(string topic, string json) =>
        await _networkServer.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(json), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

    private async Task<(string Topic, JsonElement Body)> NextDownlinkAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = await _networkServer.Messages.ReadAsync(timeout.Token);
        await message.AcknowledgeAsync();
        return (message.Topic, JsonDocument.Parse(message.Payload).RootElement.Clone());
    }

    private string Time => TimeProvider.System.GetUtcNow().AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ReportInterval_AfterAnUplink_ReachesChirpStackEncodedByTheProfileThenChanges()
    {
        await UplinkAsync($"application/app-{_suffix}/device/{_chirpStackEui}/event/up",
            $$"""{"time":"{{Time}}","deviceInfo":{"devEui":"{{_chirpStackEui}}"},"fCnt":1,"fPort":2,"data":"ALg="}""");

        var (topic, body) = await NextDownlinkAsync();
        Assert.Equal($"application/app-{_suffix}/device/{_chirpStackEui}/command/down", topic);
        Assert.Equal(_chirpStackEui, body.GetProperty("devEui").GetString());
        Assert.Equal(LoRaWanConfigDownlink.DefaultFPort, body.GetProperty("fPort").GetInt32());
        Assert.False(body.GetProperty("confirmed").GetBoolean());
        Assert.Equal([0xA0, 10], Convert.FromBase64String(body.GetProperty("data").GetString()!)); // 600 s = 10 min, by the profile's encodeDownlink

        SetReportIntervals(120, 900);
        (_, body) = await NextDownlinkAsync();
        Assert.Equal([0xA0, 2], Convert.FromBase64String(body.GetProperty("data").GetString()!));
    }

    [Fact]
    public async Task ReportInterval_DeviceWithoutEncoder_ReachesTheThingsStackInTheDefaultEncoding()
    {
        await UplinkAsync($"v3/app-{_suffix}@ttn/devices/river-{_suffix}/up", $$$"""
            {"end_device_ids":{"device_id":"river-{{{_suffix}}}","dev_eui":"{{{_thingsStackEui.ToUpperInvariant()}}}"},"received_at":"{{{Time}}}",
             "uplink_message":{"f_port":1,"f_cnt":3,"frm_payload":"AQ==","decoded_payload":{"water_level_m":1.2} } }
            """);

        var (topic, body) = await NextDownlinkAsync();

        Assert.Equal($"v3/app-{_suffix}@ttn/devices/river-{_suffix}/down/push", topic);
        var downlink = Assert.Single(body.GetProperty("downlinks").EnumerateArray());
        Assert.Equal(LoRaWanConfigDownlink.DefaultFPort, downlink.GetProperty("f_port").GetInt32());
        Assert.Equal([0x01, 0x00, 0x00, 0x03, 0x84], Convert.FromBase64String(downlink.GetProperty("frm_payload").GetString()!)); // set report interval, 900 s
    }

    [Fact]
    public async Task ReportInterval_DeviceNeverHeardFrom_SendsNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _networkServer.Messages.ReadAsync(timeout.Token));
    }
}
