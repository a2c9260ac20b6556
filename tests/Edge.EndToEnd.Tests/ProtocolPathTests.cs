using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Testing;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// One device per transport, provisioned only through the cloud's API (profiles, devices with DevEUI and SMS numbers),
/// its data sent as the real device or network server sends it: MQTT JSON and Cayenne LPP (mosquitto_pub), a ChirpStack
/// v4 uplink event and a The Things Stack v3 uplink on the village broker, an SMS delivered to <c>POST /gsm/sms</c> and a
/// GPRS line over TCP. Each reading reaches the cloud with canonical metrics (CONTRACTS section 3). A JavaScript codec
/// that loops forever on one frame is stopped and the frame dead-lettered while the other devices keep flowing.
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class ProtocolPathTests(LocalPlatform platform)
{
    private const string GatewayId = "gw-e2e-protocols";
    private const string SmsSender = "+254700000301";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>A river station's frame: level in mm (uint16), battery in mV (uint16), big-endian; 0xFF first sends it into a loop.</summary>
    private const string RiverScript = """
        function decodeUplink(input) {
          var b = input.bytes;
          if (b[0] === 255) { while (true) {} }
          return { data: { level_mm: (b[0] << 8) | b[1], battery_mv: (b[2] << 8) | b[3] } };
        }
        """;

    [Fact]
    public async Task OneDevicePerProtocol_ProvisionedInTheCloud_ArrivesWithCanonicalMetrics()
    {
        var gprsPort = FreeTcpPort.Next();
        var village = await platform.AddVillageAsync(GatewayId, new Dictionary<string, string?> { ["Gsm__GprsPort"] = gprsPort.ToString(CultureInfo.InvariantCulture) });
        using var api = new HttpClient { BaseAddress = new Uri(platform.CloudUrl, "api/v1/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await platform.LoginAsync());

        var lpp = await CreateProfileAsync(api, new
        {
            name = "e2e LPP rain gauge", deviceType = "rain_gauge", codec = "cayenne-lpp",
            fields = new Dictionary<string, object> { ["analog_in_1"] = "rain_mm", ["temperature_3"] = "temperature_c" },
            samplePayloadHex = "010200f0",
        });
        var river = await CreateProfileAsync(api, new
        {
            name = "e2e river station (JavaScript)", deviceType = "river_level", codec = "javascript", script = RiverScript,
            fields = new Dictionary<string, object> { ["level_mm"] = new { metric = "water_level_m", unit = "mm" }, ["battery_mv"] = new { metric = "battery_v", unit = "mV" } },
            samplePayloadHex = "07300e42", sampleFPort = 2, reportIntervalS = 600,
        });
        var decodedByServer = await CreateProfileAsync(api, new
        {
            name = "e2e river station (decoded by TTS)", deviceType = "river_level", codec = "json",
            fields = new Dictionary<string, object> { ["level_cm"] = new { metric = "water_level_m", unit = "cm" } },
        });
        await CreateDeviceAsync(api, new { id = "e2e-p-json", kind = "river_level", gatewayId = GatewayId });
        await CreateDeviceAsync(api, new { id = "e2e-p-lpp", kind = "rain_gauge", gatewayId = GatewayId, profileId = lpp });
        await CreateDeviceAsync(api, new { id = "e2e-p-chirpstack", kind = "river_level", gatewayId = GatewayId, devEui = "70B3D57ED0000001", profileId = river });
        await CreateDeviceAsync(api, new { id = "e2e-p-tts", kind = "river_level", gatewayId = GatewayId, devEui = "70b3d57ed0000002", profileId = decodedByServer });
        await CreateDeviceAsync(api, new { id = "e2e-p-loop", kind = "river_level", gatewayId = GatewayId, devEui = "70b3d57ed0000003", profileId = river });
        await CreateDeviceAsync(api, new { id = "e2e-p-sms", kind = "rain_gauge", gatewayId = GatewayId, smsNumbers = new[] { SmsSender } });
        await CreateDeviceAsync(api, new { id = "e2e-p-gprs", kind = "river_level", gatewayId = GatewayId });
        await Eventually.HoldsAsync(async () => (await village.HealthAsync()).GetProperty("config").GetProperty("devices").GetInt32(),
            devices => devices == 7, Timeout, "the gateway has the cloud's configuration with the seven devices");

        var time = TimeProvider.System.GetUtcNow().AddMinutes(-2);
        var iso = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await PublishAsync(village, "application/e2e-app/device/70b3d57ed0000003/event/up", ChirpStackUp("70b3d57ed0000003", iso, 1, [0xFF, 0x00, 0x00, 0x00]));
        await Sensor.PublishAsync(village.Broker, "devices/e2e-p-json/telemetry", Sensor.Telemetry(time, 1, "water_level_m", 1.5));
        await PublishAsync(village, "devices/e2e-p-lpp/telemetry/lpp", [0x01, 0x02, 0x00, 0xF0, 0x03, 0x67, 0x00, 0xEB]); // 2.40 on analog 1, 23.5 degC on temperature 3
        await PublishAsync(village, "application/e2e-app/device/70b3d57ed0000001/event/up", ChirpStackUp("70b3d57ed0000001", iso, 7, [0x07, 0x30, 0x0E, 0x42]));
        await PublishAsync(village, "v3/e2e-app@ttn/devices/river-2/up", Encoding.UTF8.GetBytes($$$"""
            {"end_device_ids":{"device_id":"river-2","application_ids":{"application_id":"e2e-app"},"dev_eui":"70B3D57ED0000002"},
             "received_at":"{{{iso}}}","uplink_message":{"f_port":1,"f_cnt":12,"frm_payload":"ALg=","decoded_payload":{"level_cm":184},
             "received_at":"{{{iso}}}","rx_metadata":[{"gateway_ids":{"gateway_id":"gtw-1"},"rssi":-101,"snr":-3.5},{"gateway_ids":{"gateway_id":"gtw-2"},"rssi":-95,"snr":2.0}]}}
            """));
        using (var gateway = new HttpClient { BaseAddress = village.GatewayUrl })
        {
            var sms = await gateway.PostAsJsonAsync("gsm/sms", new { from = SmsSender, text = "ID=e2e-p-sms;RAIN=2.4;BAT=3.61", receivedAt = iso });
            Assert.Equal(HttpStatusCode.OK, sms.StatusCode);
            var stranger = await gateway.PostAsJsonAsync("gsm/sms", new { from = "+254799999999", text = "ID=e2e-p-sms;RAIN=9.9" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        }

        Assert.Equal("OK 5", await GprsLineAsync(gprsPort, $"ID=e2e-p-gprs;WL=1.84;BAT=12.6;SEQ=5;TS={time.ToUnixTimeSeconds()}"));

        await AssertReadingAsync(village, "e2e-p-json", "mqtt", ("water_level_m", 1.5));
        await AssertReadingAsync(village, "e2e-p-lpp", "mqtt", ("rain_mm", 2.4), ("temperature_c", 23.5));
        await AssertReadingAsync(village, "e2e-p-chirpstack", "lorawan", ("water_level_m", 1.84), ("battery_v", 3.65), ("rssi_dbm", -90), ("snr_db", 4.5));
        await AssertReadingAsync(village, "e2e-p-tts", "lorawan", ("water_level_m", 1.84), ("rssi_dbm", -95), ("snr_db", 2.0));
        await AssertReadingAsync(village, "e2e-p-sms", "gsm", ("rain_mm", 2.4), ("battery_v", 3.61));
        await AssertReadingAsync(village, "e2e-p-gprs", "gsm", ("water_level_m", 1.84), ("battery_v", 12.6));
        Assert.Equal(1, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-p-sms'"));
        Assert.Equal(0, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-p-loop'"));
        var reasons = await JournalDeadLetters.ReasonsAsync(village.JournalPath);
        // Stopped by whichever sandbox limit a busy machine reaches first: time, statements or (the step hook's own) allocations.
        Assert.Contains(reasons, r => r.StartsWith("codec failed: ", StringComparison.Ordinal)
            && (r.Contains("timed out", StringComparison.Ordinal) || r.Contains("ran more than", StringComparison.Ordinal) || r.Contains("allocated", StringComparison.Ordinal)));
        Assert.Contains(reasons, r => r.Contains("is not a number of device e2e-p-sms", StringComparison.Ordinal));
    }

    private static async Task<string> CreateProfileAsync(HttpClient api, object profile)
    {
        var response = await api.PostAsJsonAsync("profiles", profile);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task CreateDeviceAsync(HttpClient api, object device)
    {
        var response = await api.PostAsJsonAsync("devices", device);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static byte[] ChirpStackUp(string devEui, string time, int frameCounter, byte[] payload) => Encoding.UTF8.GetBytes($$"""
        {"deduplicationId":"{{Guid.NewGuid()}}","time":"{{time}}","deviceInfo":{"applicationId":"e2e-app","deviceName":"{{devEui}}","devEui":"{{devEui}}"},
         "devAddr":"00189440","dr":5,"fCnt":{{frameCounter}},"fPort":2,"data":"{{Convert.ToBase64String(payload)}}",
         "rxInfo":[{"gatewayId":"0016c001f153a14c","rssi":-97,"snr":1.5},{"gatewayId":"0016c001f153a14d","rssi":-90,"snr":4.5}]}
        """);

    private static async Task PublishAsync(Village village, string topic, byte[] payload)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, payload);
            await Sensor.PublishFileAsync(village.Broker, topic, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> GprsLineAsync(int port, string line)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return (await reader.ReadLineAsync().WaitAsync(Timeout))!;
    }

    private async Task AssertReadingAsync(Village village, string deviceId, string source, params (string Metric, double Value)[] expected)
    {
        string? json;
        try
        {
            json = await Eventually.HoldsAsync(
                () => Database.TextAsync(platform.DatabaseConnectionString, "SELECT \"values\"::text FROM readings WHERE device_id = @device AND source = @source", ("device", deviceId), ("source", source)),
                values => values is not null, Timeout, $"a {source} reading of {deviceId} in the cloud");
        }
        catch (TimeoutException e)
        {
            var cloudRefusals = await Database.TextAsync(platform.DatabaseConnectionString,
                "SELECT string_agg(coalesce(device_id, '-') || ': ' || reason, ' | ') FROM dead_letters WHERE gateway_id = @gateway", ("gateway", village.GatewayId));
            var stored = await Database.TextAsync(platform.DatabaseConnectionString,
                "SELECT string_agg(source || ' ' || \"values\"::text, ' | ') FROM readings WHERE device_id = @device", ("device", deviceId));
            throw new TimeoutException(
                $"{e.Message}; stored: {stored}; the gateway's dead letters: {string.Join(" | ", await JournalDeadLetters.ReasonsAsync(village.JournalPath))}; the cloud's: {cloudRefusals}", e);
        }

        var values = JsonDocument.Parse(json!).RootElement;
        foreach (var (metric, value) in expected)
        {
            Assert.True(values.TryGetProperty(metric, out var stored), $"{deviceId}: {metric} missing in {json}");
            Assert.Equal(value, stored.GetDouble(), 6);
        }
    }
}
