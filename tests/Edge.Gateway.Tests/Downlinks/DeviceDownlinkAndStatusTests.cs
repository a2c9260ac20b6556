using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Mqtt;
using Edge.Telemetry.Contracts;
using Edge.Testing;

namespace Edge.Gateway.Tests.Downlinks;

/// <summary>The whole gateway on a real Mosquitto: retained config downlinks, and device status in /health and /metrics.</summary>
public sealed class DeviceDownlinkAndStatusTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly int _httpPort = FreeTcpPort.Next();
    private readonly string _device = "dl-" + Guid.NewGuid().ToString("N")[..8];
    private GatewayServices _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:" + _httpPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Broker"] = broker.Address,
            ["Mqtt:ClientId"] = "gw-" + _device,
            ["Gsm:GprsPort"] = "0",
        });
        SetReportInterval(60);
        await _gateway.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + _httpPort.ToString(CultureInfo.InvariantCulture)) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    private void SetReportInterval(int? seconds) => _gateway.Get<GatewayConfigState>().Set(new GatewayConfig
    {
        GatewayId = "gw-test",
        Devices = [new GatewayDevice(_device, "rain_gauge", _device, "active", null, null) { ReportIntervalS = seconds }],
    }, ConfigSource.Cloud, null, null);

    private async Task<MqttClient> ConnectAsync(string clientId, MqttApplicationMessage? will = null)
    {
        var client = new MqttClient(new MqttClientOptions { ClientId = clientId, CleanSession = true, Will = will }.WithBroker(broker.Address));
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }

    /// <summary>What a device sees when it subscribes to its config: the retained copy, then any change.</summary>
    private async Task<string> NextConfigAsync(MqttClient device)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = await device.Messages.ReadAsync(timeout.Token);
        await message.AcknowledgeAsync();
        return Encoding.UTF8.GetString(message.Payload.Span);
    }

    [Fact]
    public async Task Config_RetainedForTheDevice_ChangeReachesIt()
    {
        await using var device = await ConnectAsync(_device);
        await device.SubscribeAsync([new MqttTopicFilter($"devices/{_device}/config")], CancellationToken.None);

        Assert.Equal("""{"reportIntervalS":60}""", await NextConfigAsync(device));

        SetReportInterval(300);
        Assert.Equal("""{"reportIntervalS":300}""", await NextConfigAsync(device));
    }

    [Fact]
    public async Task Config_DeviceConnectingLater_GetsTheRetainedCopy()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // published while the device was away
        await using var device = await ConnectAsync(_device);
        await device.SubscribeAsync([new MqttTopicFilter($"devices/{_device}/config")], CancellationToken.None);

        Assert.Equal("""{"reportIntervalS":60}""", await NextConfigAsync(device));
    }

    private async Task<JsonElement> DeviceHealthAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("devices");

    [Fact]
    public async Task Status_OnlineThenWill_ShownInHealthAndMetrics()
    {
        var device = await ConnectAsync(_device, new MqttApplicationMessage($"devices/{_device}/status", "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true));
        await device.PublishAsync(new MqttApplicationMessage($"devices/{_device}/status", "online"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true), CancellationToken.None);

        await Eventually.HoldsAsync(DeviceHealthAsync, d => d.GetProperty("status").TryGetProperty(_device, out var s) && s.GetProperty("online").GetBoolean(), Timeout, "device online in /health");
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Contains("edge_gateway_devices{status=\"online\"}", metrics, StringComparison.Ordinal);

        await device.DisposeAsync(); // no DISCONNECT: the broker publishes the will
        await Eventually.HoldsAsync(DeviceHealthAsync, d => !d.GetProperty("status").GetProperty(_device).GetProperty("online").GetBoolean(), Timeout, "device offline (its will) in /health");
    }
}
