using Edge.Codecs.JavaScript;
using Edge.Codecs.Profiles;
using System.Text.Json;

namespace Edge.Codecs.Tests;

/// <summary>
/// Vendors' published example uplinks, decoded by our own codecs written in the same decodeUplink convention from the vendors'
/// documented payload formats. Only the example bytes and expected values are taken from the vendors; no vendor code is in the repository.
/// </summary>
public sealed class VendorExampleTests
{
    // Decentlab protocol version 2: version, device id (uint16), sensor flags (uint16), then each present sensor's uint16 words;
    // the last flag is the battery (mV). Our own reading of the documented format; the conversions are given per device below.
    private const string DecentlabV2 = """
        function words(bytes) { var w = []; for (var i = 0; i + 1 < bytes.length; i += 2) { w.push((bytes[i] << 8) | bytes[i + 1]); } return w; }
        function decodeUplink(input) {
          var b = input.bytes;
          if (b[0] !== 2) { return { errors: ["protocol version " + b[0] + " is not 2"] }; }
          var w = words(b.slice(5)), flags = (b[3] << 8) | b[4], data = { device_id: (b[1] << 8) | b[2] }, k = 0;
          if (flags & 1) { k = SENSOR(w, data); }
          if (flags & 2) { data.battery_voltage = w[k] / 1000; }
          return { data: data };
        }
        """;

    // https://github.com/TheThingsNetwork/lorawan-devices/blob/master/vendor/decentlab/dl-pr26-0-1-codec.yaml (Example 1):
    // DL-PR26 pressure / liquid level sensor, 0 to 1 bar range.
    private const string PressureSensor = "function SENSOR(w, d) { d.pressure = (w[0] - 16384) / 32768 * (1 - 0) + 0; d.temperature = (w[1] - 384) * 0.003125 - 50; return 2; }";

    // https://github.com/TheThingsNetwork/lorawan-devices/blob/master/vendor/decentlab/dl-5tm-codec.yaml (Example 1):
    // DL-5TM soil moisture and temperature (Topp equation for volumetric water content).
    private const string SoilMoistureSensor = """
        function SENSOR(w, d) { var e = w[0] / 50; d.dielectric_permittivity = e; d.volumetric_water_content = 0.0000043 * e * e * e - 0.00055 * e * e + 0.0292 * e - 0.053;
          d.soil_temperature = (w[1] - 400) / 10; return 2; }
        """;

    private static DeviceProfile Profile(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(DeviceProfileParser.TryParse(document.RootElement, JavaScriptSandboxLimits.Default, out var profile, out var error), error);
        return profile!;
    }

    private static string JavaScriptProfile(string script, string fields) =>
        $$"""{"id":"vendor","codec":"javascript","script":{{JsonSerializer.Serialize(script)}},"fields":{{fields}}}""";

    [Fact]
    public void Decentlab_DlPr26_Example1_PressureBecomesPorePressure()
    {
        var profile = Profile(JavaScriptProfile(DecentlabV2 + PressureSensor,
            """{"pressure":{"metric":"pore_pressure_kpa","unit":"bar"},"temperature":"temperature_c","battery_voltage":"battery_v"}"""));

        var raw = profile.Script!.Decode([0x02, 0x01, 0x67, 0x00, 0x03, 0x3e, 0x80, 0x60, 0x17, 0x0c, 0x7f], fPort: 1);
        var outcome = ProfileDecoder.Decode(profile, new byte[] { 0x02, 0x01, 0x67, 0x00, 0x03, 0x3e, 0x80, 0x60, 0x17, 0x0c, 0x7f }, fPort: 1);

        Assert.Equal(-0.01171875, raw.Fields!["pressure"], 9);
        Assert.Equal(25.671875, raw.Fields["temperature"], 9);
        Assert.Equal(3.199, raw.Fields["battery_voltage"], 9);
        Assert.Equal(359, raw.Fields["device_id"]);
        var values = outcome.Telemetry!.Values;
        Assert.Equal(-1.171875, values["pore_pressure_kpa"], 9);
        Assert.Equal(25.671875, values["temperature_c"], 9);
        Assert.Equal(3.199, values["battery_v"], 9);
        Assert.False(values.ContainsKey("device_id"));
    }

    [Fact]
    public void Decentlab_DlPr26_Example2_BatteryOnly()
    {
        var profile = Profile(JavaScriptProfile(DecentlabV2 + PressureSensor, """{"battery_voltage":"battery_v"}"""));

        var outcome = ProfileDecoder.Decode(profile, new byte[] { 0x02, 0x01, 0x67, 0x00, 0x02, 0x0c, 0x7f }, fPort: 1);

        Assert.Equal(3.199, Assert.Single(outcome.Telemetry!.Values).Value, 9);
    }

    [Fact]
    public void Decentlab_Dl5tm_Example1_SoilMoisture()
    {
        var profile = Profile(JavaScriptProfile(DecentlabV2 + SoilMoistureSensor,
            """{"volumetric_water_content":{"metric":"soil_moisture_pct","unit":"fraction"},"soil_temperature":"temperature_c","battery_voltage":"battery_v"}"""));

        var raw = profile.Script!.Decode([0x02, 0x02, 0x3b, 0x00, 0x03, 0x00, 0x37, 0x02, 0x71, 0x0c, 0x60], fPort: 1);
        var values = ProfileDecoder.Decode(profile, new byte[] { 0x02, 0x02, 0x3b, 0x00, 0x03, 0x00, 0x37, 0x02, 0x71, 0x0c, 0x60 }, fPort: 1).Telemetry!.Values;

        Assert.Equal(1.1, raw.Fields!["dielectric_permittivity"], 9);
        Assert.Equal(-0.0215397767, raw.Fields["volumetric_water_content"], 9);
        Assert.Equal(22.5, raw.Fields["soil_temperature"], 9);
        Assert.Equal(3.168, raw.Fields["battery_voltage"], 9);
        Assert.Equal(-2.15397767, values["soil_moisture_pct"], 7);
        Assert.Equal(22.5, values["temperature_c"], 9);
    }

    // Milesight channel/type records (channel id, channel type, little-endian data), our own reading of the documented format:
    // 0x01 0x75 battery %, 0x03 0x77 water level in cm (uint16), 0x03 0xD4 tilt: three int16 whose top 15 bits are the angle
    // in 0.01 degrees and whose lowest bit is the threshold alarm.
    private const string Milesight = """
        function i16(b, i) { var v = b[i] | (b[i + 1] << 8); return v > 0x7fff ? v - 0x10000 : v; }
        function decodeUplink(input) {
          var b = input.bytes, d = {}, axes = ["x", "y", "z"];
          for (var i = 0; i < b.length;) {
            var channel = b[i], type = b[i + 1]; i += 2;
            if (channel === 0x01 && type === 0x75) { d.battery = b[i]; i += 1; }
            else if (channel === 0x03 && type === 0x77) { d.level = b[i] | (b[i + 1] << 8); i += 2; }
            else if (channel === 0x03 && type === 0xD4) {
              for (var a = 0; a < 3; a++) { var v = i16(b, i + 2 * a); d["angle_" + axes[a]] = (v >> 1) / 100; d["threshold_" + axes[a]] = (v & 1) === 1; }
              i += 6;
            }
            else { return { errors: ["unknown channel " + channel + " type " + type] }; }
          }
          return { data: d };
        }
        """;

    // https://github.com/TheThingsNetwork/lorawan-devices/blob/master/vendor/milesight-iot/em500-swl-codec.yaml (example 1):
    // EM500-SWL submersible water level sensor: battery 92, level 2 (cm).
    [Fact]
    public void Milesight_Em500Swl_Example1_WaterLevel()
    {
        var profile = Profile(JavaScriptProfile(Milesight, """{"level":{"metric":"water_level_m","unit":"cm"}}"""));
        byte[] frame = [0x01, 0x75, 0x5C, 0x03, 0x77, 0x02, 0x00];

        var raw = profile.Script!.Decode(frame, fPort: 85);
        var values = ProfileDecoder.Decode(profile, frame, fPort: 85).Telemetry!.Values;

        Assert.Equal(92, raw.Fields!["battery"]);
        Assert.Equal(2, raw.Fields["level"]);
        Assert.Equal(0.02, values["water_level_m"], 9);
    }

    // https://github.com/TheThingsNetwork/lorawan-devices/blob/master/vendor/milesight-iot/em320-tilt-codec.yaml (example):
    // EM320-TILT: battery 92, angle_x 0, angle_y 0, angle_z 90, threshold_y triggered.
    [Fact]
    public void Milesight_Em320Tilt_Example_TiltAngles()
    {
        var profile = Profile(JavaScriptProfile(Milesight, """{"angle_x":"tilt_x_deg","angle_y":"tilt_y_deg"}"""));
        byte[] frame = [0x01, 0x75, 0x5C, 0x03, 0xD4, 0x00, 0x00, 0x01, 0x00, 0x50, 0x46];

        var raw = profile.Script!.Decode(frame, fPort: 85);
        var values = ProfileDecoder.Decode(profile, frame, fPort: 85).Telemetry!.Values;

        Assert.Equal(92, raw.Fields!["battery"]);
        Assert.Equal(0, raw.Fields["angle_x"]);
        Assert.Equal(0, raw.Fields["angle_y"]);
        Assert.Equal(90, raw.Fields["angle_z"]);
        Assert.Equal(0, raw.Fields["threshold_x"]);
        Assert.Equal(1, raw.Fields["threshold_y"]);
        Assert.Equal(0, raw.Fields["threshold_z"]);
        Assert.Equal(new Dictionary<string, double> { ["tilt_x_deg"] = 0, ["tilt_y_deg"] = 0 }, values);
    }

    // SenseCAP (Seeed) sensor frames, our own reading of the documented format: records of channel (1 byte), measurement id
    // (uint16 little-endian) and value (int32 little-endian, thousandths), then a 2-byte CRC that this codec does not check.
    // The same framing carries the S2104 soil moisture probe's measurements (other ids).
    private const string SenseCap = """
        function decodeUplink(input) {
          var b = input.bytes, d = {};
          if ((b.length - 2) % 7 !== 0) { return { errors: ["length " + b.length + " is not records of 7 bytes and a CRC"] }; }
          for (var i = 0; i + 7 <= b.length - 2; i += 7) {
            var id = b[i + 1] | (b[i + 2] << 8);
            var value = b[i + 3] | (b[i + 4] << 8) | (b[i + 5] << 16) | (b[i + 6] << 24);
            d["m" + id] = value / 1000;
          }
          return { data: d };
        }
        """;

    // https://github.com/TheThingsNetwork/lorawan-devices/blob/master/vendor/sensecap/sensecap210x-codec.yaml ("telemetry"):
    // measurement 4097 (air temperature) 21.4, measurement 4098 (air humidity) 31.4.
    [Fact]
    public void SenseCap_210x_TelemetryExample()
    {
        var profile = Profile(JavaScriptProfile(SenseCap, """{"m4097":"temperature_c","m4098":"humidity_pct"}"""));
        byte[] frame = [1, 1, 16, 152, 83, 0, 0, 1, 2, 16, 168, 122, 0, 0, 175, 81];

        var raw = profile.Script!.Decode(frame, fPort: 1);
        var values = ProfileDecoder.Decode(profile, frame, fPort: 1).Telemetry!.Values;

        Assert.Equal(21.4, raw.Fields!["m4097"], 9);
        Assert.Equal(31.4, raw.Fields["m4098"], 9);
        Assert.Equal(21.4, values["temperature_c"], 9);
        Assert.Equal(31.4, values["humidity_pct"], 9);
        Assert.Contains("is not records of 7 bytes", profile.Script.Decode([1, 2, 3], fPort: 1).Error, StringComparison.Ordinal);
    }
}
