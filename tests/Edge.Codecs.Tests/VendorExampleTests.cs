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
}
