using System.Text.Json;
using Edge.Codecs.CayenneLpp;
using Edge.Codecs.JavaScript;
using Edge.Codecs.Profiles;

namespace Edge.Codecs.Tests;

public sealed class DeviceProfileTests
{
    private static bool TryParse(string json, out DeviceProfile? profile, out string error)
    {
        using var document = JsonDocument.Parse(json);
        return DeviceProfileParser.TryParse(document.RootElement, JavaScriptSandboxLimits.Default, out profile, out error);
    }

    private static DeviceProfile Parse(string json)
    {
        Assert.True(TryParse(json, out var profile, out var error), error);
        return profile!;
    }

    [Fact]
    public void LppProfile_MapsChannelsToMetrics_WithUnitConversion()
    {
        var profile = Parse("""
            {"id":"lpp-river-station","codec":"cayenne-lpp","reportIntervalS":600,
             "fields":{"analog_in_1":"rain_mm","distance_2":{"metric":"water_level_m","scale":-1,"offset":5.0},
                       "analog_in_3":{"metric":"battery_v","unit":"mV","scale":1000},"temperature_4":{"metric":"temperature_c","unit":"degF"}}}
            """);
        var frame = new LppEncoder()
            .Add(1, LppTypes.AnalogInput, 2.4)
            .Add(2, LppTypes.Distance, 3.16)
            .Add(3, LppTypes.AnalogInput, 3.61)
            .Add(4, LppTypes.Temperature, 98.6)
            .Add(5, LppTypes.Humidity, 40)
            .ToArray();

        var values = ProfileDecoder.Decode(profile, frame, fPort: 1).Telemetry!.Values;

        Assert.Equal(TimeSpan.FromMinutes(10), profile.ReportInterval);
        Assert.Equal(2.4, values["rain_mm"], 9);
        Assert.Equal(1.84, values["water_level_m"], 9);
        Assert.Equal(3.61, values["battery_v"], 9);
        Assert.Equal(37, values["temperature_c"], 9);
        Assert.False(values.ContainsKey("humidity_5"), "an unmapped field that is no canonical metric is left out");
    }

    [Fact]
    public void JsonProfile_KeepsCanonicalNames_AndOptionallyEverythingElse()
    {
        var payload = """{"water_level_m":1.84,"battery":{"mv":3610},"rssi":-80}"""u8.ToArray();
        var strict = Parse("""{"id":"j","codec":"json","fields":{"battery.mv":{"metric":"battery_v","unit":"mV"}}}""");
        var keeping = Parse("""{"id":"j","codec":"json","keepUnmappedFields":true}""");

        var strictValues = ProfileDecoder.Decode(strict, payload, 1).Telemetry!.Values;
        var keptValues = ProfileDecoder.Decode(keeping, payload, 1).Telemetry!.Values;

        Assert.Equal(new Dictionary<string, double> { ["water_level_m"] = 1.84, ["battery_v"] = 3.61 }, strictValues);
        Assert.Equal(-80, keptValues["rssi"]);
        Assert.Equal(3610, keptValues["battery.mv"]);
    }

    [Fact]
    public void PayloadWithNoMappedField_IsRefusedNamingItsFields()
    {
        var profile = Parse("""{"id":"p","codec":"cayenne-lpp","fields":{"analog_in_1":"rain_mm"}}""");

        var outcome = ProfileDecoder.Decode(profile, new LppEncoder().Add(7, LppTypes.Humidity, 50).ToArray(), 1);

        Assert.Equal("profile p maps none of the decoded fields (humidity_7)", outcome.Error);
    }

    [Fact]
    public void CodecFailure_IsTheDecodeFailure()
    {
        var profile = Parse("""{"id":"p","codec":"cayenne-lpp"}""");

        Assert.Contains("unknown LPP type", ProfileDecoder.Decode(profile, new byte[] { 1, 0xFE, 0 }, 1).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"codec":"json"}""", "no id")]
    [InlineData("""{"id":"p","codec":"protobuf"}""", "unknown codec 'protobuf'")]
    [InlineData("""{"id":"p","codec":"javascript"}""", "needs a script")]
    [InlineData("""{"id":"p","codec":"javascript","script":"function x() {}"}""", "no decodeUplink")]
    [InlineData("""{"id":"p","reportIntervalS":0}""", "reportIntervalS")]
    [InlineData("""{"id":"p","fields":{"a":{"metric":"water_level_m","unit":"furlong"}}}""", "no conversion from furlong to m")]
    [InlineData("""{"id":"p","fields":{"a":{"metric":"my_metric","unit":"mm"}}}""", "needs a canonical metric")]
    [InlineData("""{"id":"p","fields":{"a":{"metric":"rain_mm","scale":"x"}}}""", "scale and offset must be numbers")]
    [InlineData("""{"id":"p","fields":{"a":{}}}""", "needs a metric name")]
    public void InvalidProfiles_AreRefusedWhenLoaded(string json, string reason)
    {
        Assert.False(TryParse(json, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mm", "m", 1840, 1.84)]
    [InlineData("cm", "m", 184, 1.84)]
    [InlineData("ft", "m", 10, 3.048)]
    [InlineData("in", "mm", 1, 25.4)]
    [InlineData("hPa", "kPa", 1013.25, 101.325)]
    [InlineData("psi", "kPa", 1, 6.894757)]
    [InlineData("degF", "degC", 32, 0)]
    [InlineData("K", "degC", 273.15, 0)]
    [InlineData("fraction", "%", 0.25, 25)]
    public void UnitConversions_GiveTheCanonicalUnit(string from, string to, double value, double expected)
    {
        Assert.True(UnitConversions.TryFind(from, to, out var factor, out var offset));
        Assert.Equal(expected, (value * factor) + offset, 5);
    }
}
