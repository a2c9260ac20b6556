using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Edge.Codecs.CayenneLpp;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Decoding;
using Edge.Gateway.Decoding.LoRaWan;
using Edge.Gateway.Downlinks;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Tests.Decoding;

/// <summary>
/// ChirpStack v4 and The Things Stack v3 events and LPP over MQTT, through the gateway's inbound decoder. The event JSON follows the
/// shapes documented at https://www.chirpstack.io/docs/chirpstack/integrations/events.html (up, join, status; JSON encoding) and
/// https://www.thethingsindustries.com/docs/integrations/data-formats/ (uplink message).
/// </summary>
public sealed class LoRaWanDecodingTests : IDisposable
{
    private const string RainGaugeEui = "0101010101010101";
    private const string RiverEui = "70b3d57ed0041234";

    private readonly Inbound _inbound = new();
    private readonly GatewayConfigState _config = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counted = [];
    private readonly InboundDecoder _decoder;

    public LoRaWanDecodingTests()
    {
        _config.Set(Config(), ConfigSource.Cloud, null, null);
        _decoder = new InboundDecoder(new DeviceRegistry(_config), new FrameCounters(), new LoRaWanMetrics(_meters), new LoRaWanRoutes());
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name.StartsWith("edge.gateway.lorawan", StringComparison.Ordinal) || instrument.Name == "edge.gateway.device.rejected")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var device = tags.ToArray().FirstOrDefault(tag => tag.Key == "device").Value;
            var key = $"{instrument.Name}/{device}";
            _counted[key] = _counted.GetValueOrDefault(key) + value;
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    private static GatewayConfig Config() => new()
    {
        GatewayId = "gw-test",
        Devices =
        [
            new GatewayDevice("rg-lora-1", "rain_gauge", "rain gauge", "active", null, null) { DevEui = RainGaugeEui.ToUpperInvariant(), ProfileId = "lpp-rain" },
            new GatewayDevice("rl-lora-1", "river_level", "river", "active", null, null) { DevEui = RiverEui, ProfileId = "js-river" },
            new GatewayDevice("rg-mqtt-1", "rain_gauge", "mqtt lpp", "active", null, null) { ProfileId = "lpp-rain" },
            new GatewayDevice("sm-loop-1", "soil_moisture", "looping codec", "active", null, null) { DevEui = "00000000000000aa", ProfileId = "js-loop" },
            new GatewayDevice("sm-bad-1", "soil_moisture", "broken profile", "active", null, null) { DevEui = "00000000000000bb", ProfileId = "js-broken" },
            new GatewayDevice("sm-none-1", "soil_moisture", "no profile", "active", null, null) { DevEui = "00000000000000cc" },
        ],
        Profiles =
        [
            Json("""{"id":"lpp-rain","codec":"cayenne-lpp","fields":{"analog_in_1":"rain_mm","analog_in_2":"battery_v"}}"""),
            Json("""
                {"id":"js-river","codec":"javascript","fields":{"level_cm":{"metric":"water_level_m","unit":"cm"}},
                 "script":"function decodeUplink(input) { if (input.bytes.length !== 2) { return { errors: ['expected 2 bytes'] }; } return { data: { level_cm: (input.bytes[0] << 8) | input.bytes[1] } }; }"}
                """),
            Json("""{"id":"js-loop","codec":"javascript","script":"function decodeUplink(input) { while (true) {} }"}"""),
            Json("""{"id":"js-broken","codec":"javascript","script":"function decodeUplink(input) {"}"""),
        ],
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string ChirpStackUp(string devEui, long fCnt, byte[] data, string? decodedObject = null) => $$"""
        {
          "deduplicationId": "3ac7e3c4-4401-4b8d-9386-a5c902f9202d",
          "time": "2026-11-21T09:59:30.775023242+00:00",
          "deviceInfo": {
            "tenantId": "52f14cd4-c6f1-4fbd-8f87-4025e1d49242", "tenantName": "ChirpStack",
            "applicationId": "17c82e96-be03-4f38-aef3-f83d48582d97", "applicationName": "Test application",
            "deviceProfileId": "14855bf7-d10d-4aee-b618-ebfcb64dc7ad", "deviceProfileName": "Test device-profile",
            "deviceName": "Test device", "devEui": "{{devEui}}", "tags": { "key": "value" }
          },
          "devAddr": "00189440", "adr": true, "dr": 1, "fCnt": {{fCnt}}, "fPort": 1, "confirmed": false,
          "data": "{{Convert.ToBase64String(data)}}",
          {{(decodedObject is null ? string.Empty : $"\"object\": {decodedObject},")}}
          "rxInfo": [
            { "gatewayId": "0016c001f153a14c", "uplinkId": 4217106255, "rssi": -96, "snr": 2.5, "context": "E3OWOQ==", "crcStatus": "CRC_OK" },
            { "gatewayId": "0016c001f153a14d", "uplinkId": 4217106256, "rssi": -81, "snr": -1.25, "context": "E3OWOQ==", "crcStatus": "CRC_OK" }
          ],
          "txInfo": { "frequency": 867100000, "modulation": { "lora": { "bandwidth": 125000, "spreadingFactor": 11, "codeRate": "CR_4_5" } } }
        }
        """;

    private static string ThingsStackUp(string devEui, long fCnt, byte[] payload) => $$"""
        {
          "end_device_ids": {
            "device_id": "river-1", "application_ids": { "application_id": "flood-app" },
            "dev_eui": "{{devEui.ToUpperInvariant()}}", "join_eui": "0000000000000000", "dev_addr": "00BCB929"
          },
          "correlation_ids": [ "as:up:01E0WQPBE9ACBYKVGCE6EJT6TR" ],
          "received_at": "2026-11-21T09:59:40.123Z",
          "uplink_message": {
            "session_key_id": "AXBSH1Pk6Z0G166gIJ1HHA==", "f_port": 2, "f_cnt": {{fCnt}},
            "frm_payload": "{{Convert.ToBase64String(payload)}}",
            "rx_metadata": [
              { "gateway_ids": { "gateway_id": "gtw-1", "eui": "9C5C8EFFFE6E0B9E" }, "time": "2026-11-21T09:59:40.000Z", "rssi": -110, "channel_rssi": -110, "snr": -4.2, "uplink_token": "ChIK" },
              { "gateway_ids": { "gateway_id": "gtw-2" }, "rssi": -74, "channel_rssi": -74, "snr": 9.5, "uplink_token": "ChJK" }
            ],
            "settings": { "data_rate": { "lora": { "bandwidth": 125000, "spreading_factor": 7 } }, "frequency": "868300000" },
            "received_at": "2026-11-21T09:59:40.100Z", "consumed_airtime": "0.056576s"
          }
        }
        """;

    private (NormalizedReading? Reading, DeadLetter? DeadLetter) Decode(string topic, string json) =>
        _decoder.Normalize(_inbound.Message(topic, Encoding.UTF8.GetBytes(json)), 65536);

    private static byte[] RainFrame(double rainMm, double batteryV) =>
        new LppEncoder().Add(1, LppTypes.AnalogInput, rainMm).Add(2, LppTypes.AnalogInput, batteryV).ToArray();

    private const string ChirpStackTopic = "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up";
    private const string ThingsStackTopic = "v3/flood-app@ttn/devices/river-1/up";

    [Fact]
    public void ChirpStackUplink_RawLpp_IsDecodedWithTheProfile_BestRadioKept()
    {
        var (reading, deadLetter) = Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 8, RainFrame(2.4, 3.61)));

        Assert.Null(deadLetter);
        Assert.Equal("rg-lora-1", reading!.DeviceId);
        Assert.Equal(8, reading.DeviceSeq);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 59, 30, TimeSpan.Zero), reading.Ts.AddTicks(-(reading.Ts.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(2.4, reading.Values["rain_mm"], 9);
        Assert.Equal(3.61, reading.Values["battery_v"], 9);
        Assert.Equal(-81, reading.Values["rssi_dbm"]);
        Assert.Equal(2.5, reading.Values["snr_db"]);
    }

    [Fact]
    public void NetworkServerUplinks_ReceivedOverMqtt_AreLoRaWanReadingsAndDeadLetters()
    {
        var (chirpStack, _) = Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 20, RainFrame(0.2, 3.6)));
        var (thingsStack, _) = Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 21, [0x00, 0xB8]));
        var (_, refused) = Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 22, [0x01]));

        Assert.Equal(ReadingSources.Lorawan, chirpStack!.Source);
        Assert.Equal(ReadingSources.Lorawan, thingsStack!.Source);
        Assert.Equal(ReadingSources.Lorawan, refused!.Source);
    }

    [Fact]
    public void ChirpStackUplink_DecodedObject_IsUsedInsteadOfTheCodec()
    {
        var (reading, _) = Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 9, [0xFF], """{"analog_in_1": 1.2, "analog_in_2": 3.3}"""));

        Assert.Equal(1.2, reading!.Values["rain_mm"]);
        Assert.Equal(3.3, reading.Values["battery_v"]);
    }

    [Fact]
    public void ThingsStackUplink_JavaScriptProfile_ConvertsUnits()
    {
        var (reading, deadLetter) = Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 41, [0x00, 0xB8]));

        Assert.Null(deadLetter);
        Assert.Equal("rl-lora-1", reading!.DeviceId);
        Assert.Equal(1.84, reading.Values["water_level_m"], 9);
        Assert.Equal(-74, reading.Values["rssi_dbm"]);
        Assert.Equal(9.5, reading.Values["snr_db"]);
        Assert.Equal(41, reading.DeviceSeq);
    }

    [Fact]
    public void RepeatedFrameCounter_IsDroppedAndCounted_GapsAreCounted()
    {
        Assert.NotNull(Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 10, RainFrame(0.2, 3.6))).Reading);
        var repeat = Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 10, RainFrame(0.2, 3.6)));
        Assert.NotNull(Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 14, RainFrame(0.4, 3.6))).Reading);

        Assert.Equal((null, null), repeat);
        Assert.Equal(1, _counted["edge.gateway.lorawan.duplicates/rg-lora-1"]);
        Assert.Equal(3, _counted["edge.gateway.lorawan.missing_frames/rg-lora-1"]);
    }

    [Fact]
    public void SameMessageCheckedAgain_ByARetriedCommit_IsNotADuplicate()
    {
        var message = _inbound.Message(ChirpStackTopic, Encoding.UTF8.GetBytes(ChirpStackUp(RainGaugeEui, 20, RainFrame(0.2, 3.6))));

        Assert.NotNull(_decoder.Normalize(message, 65536).Reading);
        Assert.NotNull(_decoder.Normalize(message, 65536).Reading);
        var repeat = _inbound.Message(ChirpStackTopic, Encoding.UTF8.GetBytes(ChirpStackUp(RainGaugeEui, 20, RainFrame(0.2, 3.6))));
        var bad = _inbound.Message(ChirpStackTopic, Encoding.UTF8.GetBytes(ChirpStackUp(RainGaugeEui, 21, [1, 0xFE])));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal((null, null), _decoder.Normalize(repeat, 65536));
            Assert.NotNull(_decoder.Normalize(bad, 65536).DeadLetter);
        }

        Assert.Equal(1, _counted["edge.gateway.lorawan.duplicates/rg-lora-1"]);
        Assert.Equal(1, _counted["edge.gateway.device.rejected/rg-lora-1"]);
    }

    [Fact]
    public void Join_RestartsTheFrameCounter()
    {
        Assert.NotNull(Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 5, RainFrame(0.2, 3.6))).Reading);
        var join = Decode(ChirpStackTopic.Replace("/up", "/join", StringComparison.Ordinal), """{"time":"2026-11-21T09:59:00Z","deviceInfo":{"devEui":"0101010101010101"},"devAddr":"00189440"}""");

        Assert.Equal((null, null), join);
        Assert.NotNull(Decode(ChirpStackTopic, ChirpStackUp(RainGaugeEui, 5, RainFrame(0.4, 3.6))).Reading);
    }

    [Fact]
    public void StatusEvent_GivesBatteryAndMargin()
    {
        var (reading, _) = Decode(
            ChirpStackTopic.Replace("/up", "/status", StringComparison.Ordinal),
            """{"deduplicationId":"9d7a0e1c","time":"2026-11-21T09:58:00Z","deviceInfo":{"devEui":"0101010101010101"},"margin":7,"externalPowerSource":false,"batteryLevelUnavailable":false,"batteryLevel":79.13}""");

        Assert.Equal(79.13, reading!.Values["battery_level_pct"]);
        Assert.Equal(7, reading.Values["link_margin_db"]);
    }

    [Theory]
    [InlineData("ffffffffffffffff", "AQI=", "unknown DevEUI ffffffffffffffff")]
    [InlineData("0101010101010101", "AWc=", "needs 2 data bytes")]
    [InlineData("0101010101010101", "AP4A", "unknown LPP type 254")]
    [InlineData("0101010101010101", "!!notbase64", "not base64")]
    [InlineData("zz", "AQI=", "without a valid deviceInfo.devEui")]
    public void RejectedInput_IsADeadLetterWithTheRawPayloadAndReason(string devEui, string data, string reason)
    {
        var json = ChirpStackUp("0101010101010101", 30, []).Replace("\"data\": \"\"", $"\"data\": \"{data}\"", StringComparison.Ordinal)
            .Replace("\"devEui\": \"0101010101010101\"", $"\"devEui\": \"{devEui}\"", StringComparison.Ordinal);

        var (reading, deadLetter) = Decode(ChirpStackTopic, json);

        Assert.Null(reading);
        Assert.Contains(reason, deadLetter!.Reason, StringComparison.Ordinal);
        Assert.Equal(json, Encoding.UTF8.GetString(deadLetter.Payload.Span));
        Assert.True(_counted.Values.Sum() >= 1);
    }

    [Fact]
    public void CodecErrorAndRangeViolation_AreDeadLettersCountedPerDevice()
    {
        var codecError = Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 50, [1, 2, 3]));
        var outOfRange = Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 51, [0xFF, 0xFF]));

        Assert.Contains("codec reported errors: expected 2 bytes", codecError.DeadLetter!.Reason, StringComparison.Ordinal);
        Assert.Equal("rl-lora-1", codecError.DeadLetter.DeviceId);
        Assert.Contains("water_level_m", outOfRange.DeadLetter!.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("water_level_m", outOfRange.Reading!.Values.Keys);
        Assert.Equal(2, _counted["edge.gateway.device.rejected/rl-lora-1"]);
    }

    [Fact]
    public void LppOverMqtt_UsesTheDeviceProfile_OrKeepsLppNames()
    {
        var profiled = _decoder.Normalize(_inbound.Message("devices/rg-mqtt-1/telemetry/lpp", RainFrame(0.6, 3.5)), 65536);
        var unprofiled = _decoder.Normalize(_inbound.Message("devices/other-1/telemetry/lpp", RainFrame(0.6, 3.5)), 65536);
        var broken = _decoder.Normalize(_inbound.Message("devices/rg-mqtt-1/telemetry/lpp", [1, 2]), 65536);

        Assert.Equal(0.6, profiled.Reading!.Values["rain_mm"], 9);
        Assert.Equal(0.6, unprofiled.Reading!.Values["analog_in_1"], 9);
        Assert.Contains("LPP analog_in on channel 1 needs 2 data bytes", broken.DeadLetter!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectionsOfUnregisteredSenders_ShareOneLabel()
    {
        _decoder.Normalize(_inbound.Telemetry("invented-1", "garbage"), 65536);
        _decoder.Normalize(_inbound.Telemetry("invented-2", "garbage"), 65536);
        Decode(ChirpStackTopic, ChirpStackUp("ffffffffffffffff", 1, [1]));

        Assert.Equal(3, _counted["edge.gateway.device.rejected/unregistered"]);
    }

    [Fact]
    public void JsonTelemetry_StillTakesItsOwnPath()
    {
        var (reading, _) = _decoder.Normalize(_inbound.Telemetry("rg-1", """{"rain_mm":0.2}"""), 65536);

        Assert.Equal(0.2, reading!.Values["rain_mm"]);
    }

    [Theory]
    [InlineData("00000000000000aa", "sm-loop-1", "codec failed: ")] // stopped by the time or the statement limit, whichever comes first on this machine
    [InlineData("00000000000000bb", "sm-bad-1", "profile js-broken does not load: profile js-broken: codec script does not parse")]
    [InlineData("00000000000000cc", "sm-none-1", "device sm-none-1 has no profile to decode its payload")]
    public void CodecThatCannotDecode_IsADeadLetterForItsDevice(string devEui, string deviceId, string reason)
    {
        var (reading, deadLetter) = Decode(ThingsStackTopic, ThingsStackUp(devEui, 1, [1, 2]));

        Assert.Null(reading);
        Assert.Equal(deviceId, deadLetter!.DeviceId);
        Assert.Contains(reason, deadLetter.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _counted[$"edge.gateway.device.rejected/{deviceId}"]);
    }

    [Theory]
    [InlineData("""{"end_device_ids":{"dev_eui":"70B3D57ED0041234"}}""", "has no uplink_message")]
    [InlineData("""{"end_device_ids":{"dev_eui":"70B3D57ED0041234"},"uplink_message":{"f_cnt":1,"frm_payload":"%%"}}""", "frm_payload is not base64")]
    [InlineData("""{"end_device_ids":{"device_id":"x"},"uplink_message":{}}""", "without a valid end_device_ids.dev_eui")]
    [InlineData("""not json""", "not valid JSON")]
    public void MalformedThingsStackMessages_AreDeadLetters(string json, string reason)
    {
        var (reading, deadLetter) = Decode(ThingsStackTopic, json);

        Assert.Null(reading);
        Assert.Contains(reason, deadLetter!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FrameWithoutApplicationPayload_IsNeitherReadingNorDeadLetter()
    {
        Assert.Equal((null, null), Decode(ThingsStackTopic, ThingsStackUp(RiverEui, 60, [])));
    }
}
