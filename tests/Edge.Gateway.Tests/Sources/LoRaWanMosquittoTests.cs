using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Codecs.CayenneLpp;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Telemetry.Contracts;
using Edge.Testing;

namespace Edge.Gateway.Tests.Sources;

/// <summary>
/// The gateway against a real Mosquitto: ChirpStack v4 and The Things Stack v3 events (shapes from
/// https://www.chirpstack.io/docs/chirpstack/integrations/events.html and https://www.thethingsindustries.com/docs/integrations/data-formats/)
/// and Cayenne LPP, published by <c>mosquitto_pub</c>, end up as readings or dead letters in the journal.
/// </summary>
public sealed class LoRaWanMosquittoTests : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly MosquittoBroker _broker;
    private readonly GatewayServices _gateway;
    private readonly string _payloads = Directory.CreateTempSubdirectory("edge-lorawan-payloads-").FullName;

    public LoRaWanMosquittoTests(MosquittoBroker broker)
    {
        _broker = broker;
        _gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["Mqtt:Broker"] = broker.Address,
            ["Mqtt:ClientId"] = "gw-lorawan-" + Guid.NewGuid().ToString("N"),
        });
    }

    public async Task InitializeAsync()
    {
        _gateway.Get<GatewayConfigState>().Set(new GatewayConfig
        {
            GatewayId = "gw-test",
            Devices =
            [
                new GatewayDevice("rg-lora-9", "rain_gauge", "rain gauge", "active", null, null) { DevEui = "a84041000181c061", ProfileId = "lpp-rain" },
                new GatewayDevice("rl-tts-9", "river_level", "river", "active", null, null) { DevEui = "0004a30b001c0530", ProfileId = "lpp-river" },
                new GatewayDevice("rg-mqtt-9", "rain_gauge", "mqtt", "active", null, null) { ProfileId = "lpp-rain" },
            ],
            Profiles =
            [
                JsonDocument.Parse("""{"id":"lpp-rain","codec":"cayenne-lpp","fields":{"analog_in_1":"rain_mm"}}""").RootElement.Clone(),
                JsonDocument.Parse("""{"id":"lpp-river","codec":"cayenne-lpp","fields":{"distance_1":"water_level_m"}}""").RootElement.Clone(),
            ],
        }, ConfigSource.Cloud, null, null);
        await _gateway.Loop<JournalWriter>().StartAsync(CancellationToken.None);
        await _gateway.Loop<MqttTelemetrySource>().StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _gateway.Loop<MqttTelemetrySource>().StopAsync(CancellationToken.None);
        await _gateway.Loop<JournalWriter>().StopAsync(CancellationToken.None);
        await _gateway.DisposeAsync();
        Directory.Delete(_payloads, recursive: true);
    }

    [Fact]
    public async Task ChirpStackTtsAndLpp_AreJournaled_BadFramesDeadLettered()
    {
        var time = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        var rain = Convert.ToBase64String(new LppEncoder().Add(1, LppTypes.AnalogInput, 2.4).ToArray());
        var level = Convert.ToBase64String(new LppEncoder().Add(1, LppTypes.Distance, 1.84).ToArray());
        await Eventually.HoldsAsync(() => Task.FromResult(_gateway.Get<GatewayState>().MqttConnected), connected => connected, Timeout, "gateway subscribed");

        await PublishAsync("application/app-1/device/a84041000181c061/event/up", Encoding.UTF8.GetBytes($$"""
            {"deduplicationId":"5b1b8b66","time":"{{time}}","deviceInfo":{"applicationId":"app-1","deviceName":"rg","devEui":"a84041000181c061"},
             "devAddr":"00189440","dr":5,"fCnt":3,"fPort":1,"data":"{{rain}}","rxInfo":[{"gatewayId":"0016c001f153a14c","rssi":-90,"snr":4.5}]}
            """));
        await PublishAsync("v3/flood-app@ttn/devices/river-1/up", Encoding.UTF8.GetBytes($$"""
            {"end_device_ids":{"device_id":"river-1","application_ids":{"application_id":"flood-app"},"dev_eui":"0004A30B001C0530"},
             "received_at":"{{time}}","uplink_message":{"f_port":1,"f_cnt":12,"frm_payload":"{{level}}","received_at":"{{time}}",
             "rx_metadata":[{"gateway_ids":{"gateway_id":"gtw-1"},"rssi":-101,"snr":-3.5}] } }
            """));
        await PublishAsync("devices/rg-mqtt-9/telemetry/lpp", new LppEncoder().Add(1, LppTypes.AnalogInput, 0.8).ToArray());
        await PublishAsync("devices/rg-mqtt-9/telemetry/lpp", [0x01, 0xFE, 0x00]);
        await PublishAsync("application/app-1/device/ffffffffffffffff/event/up", """{"deviceInfo":{"devEui":"ffffffffffffffff"},"fCnt":1,"fPort":1,"data":"AQI="}"""u8.ToArray());

        var database = _gateway.Get<JournalDatabase>();
        var stats = await Eventually.HoldsAsync(
            () => Task.FromResult(JournalStatistics.Read(database)), s => s.PendingReadings == 3 && s.DeadLetters == 2, Timeout, "3 readings and 2 dead letters journaled");

        using var connection = database.Open();
        var bodies = new Dictionary<string, string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT device_id, body FROM entries";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                bodies[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Contains("\"rain_mm\":2.4", bodies["rg-lora-9"], StringComparison.Ordinal);
        Assert.Contains("\"rssi_dbm\":-90", bodies["rg-lora-9"], StringComparison.Ordinal);
        Assert.Contains("\"water_level_m\":1.84", bodies["rl-tts-9"], StringComparison.Ordinal);
        Assert.Contains("\"snr_db\":-3.5", bodies["rl-tts-9"], StringComparison.Ordinal);
        Assert.Contains("\"rain_mm\":0.8", bodies["rg-mqtt-9"], StringComparison.Ordinal);

        var reasons = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT reason FROM dead_letters ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                reasons.Add(reader.GetString(0));
            }
        }

        Assert.Contains(reasons, reason => reason.Contains("unknown LPP type 254", StringComparison.Ordinal));
        Assert.Contains(reasons, reason => reason.Contains("unknown DevEUI ffffffffffffffff", StringComparison.Ordinal));
        Assert.Equal(3, stats.PendingReadings);
    }

    private async Task PublishAsync(string topic, byte[] payload)
    {
        var file = Path.Combine(_payloads, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, payload);
        await using var process = ExternalProcess.Start(
            "mosquitto_pub", ["-h", _broker.Host, "-p", _broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", topic, "-f", file]);
        var exitCode = await process.WaitForExitAsync(Timeout);
        Assert.True(exitCode == 0, $"mosquitto_pub exited with {exitCode}:\n{process.Output}");
    }
}
