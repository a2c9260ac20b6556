using Edge.Codecs.CayenneLpp;

namespace Edge.Codecs.Tests;

public sealed class CayenneLppTests
{
    // Payloads and values from the Cayenne LPP specification's examples: https://docs.mydevices.com/docs/lorawan/cayenne-lpp
    [Fact]
    public void SpecExample_TwoTemperatureSensors()
    {
        var outcome = LppDecoder.Decode(Convert.FromHexString("03670110056700FF"));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(27.2, outcome.Fields!["temperature_3"], 6);
        Assert.Equal(25.5, outcome.Fields["temperature_5"], 6);
    }

    [Fact]
    public void SpecExample_NegativeTemperatureThenAccelerometer()
    {
        var temperature = LppDecoder.Decode(Convert.FromHexString("0167FFD7"));
        var acceleration = LppDecoder.Decode(Convert.FromHexString("067104D2FB2E0000"));

        Assert.Equal(-4.1, temperature.Fields!["temperature_1"], 6);
        Assert.Equal(1.234, acceleration.Fields!["accelerometer_6.x"], 6);
        Assert.Equal(-1.234, acceleration.Fields["accelerometer_6.y"], 6);
        Assert.Equal(0, acceleration.Fields["accelerometer_6.z"], 6);
    }

    [Fact]
    public void SpecExample_GpsLocation()
    {
        var outcome = LppDecoder.Decode(Convert.FromHexString("018806765FF2960A0003E8"));

        Assert.Equal(42.3519, outcome.Fields!["gps_1.latitude"], 6);
        Assert.Equal(-87.9094, outcome.Fields["gps_1.longitude"], 6);
        Assert.Equal(10, outcome.Fields["gps_1.altitude"], 6);
    }

    public static TheoryData<byte, double[]> EveryType()
    {
        var data = new TheoryData<byte, double[]>();
        foreach (var type in LppTypes.ByCode.Values)
        {
            // A value in range for the type, at its resolution, negative where the type is signed.
            var values = type.Components.Select((component, index) => (type.IsSigned ? -1 : 1) * (index + 1) * 7 / component.Divisor).ToArray();
            data.Add(type.Code, values);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void EveryType_RoundTripsByteExact(byte code, double[] values)
    {
        var type = LppTypes.ByCode[code];
        var frame = new LppEncoder().Add(9, type, values).ToArray();

        Assert.Equal(2 + type.DataSize, frame.Length);
        Assert.True(LppDecoder.TryRead(frame, out var readings, out var error), error);
        var reading = Assert.Single(readings);
        Assert.Equal(9, reading.Channel);
        Assert.Same(type, reading.Type);
        Assert.Equal(values, reading.Values.ToArray());
        Assert.Equal(frame, new LppEncoder().Add(reading.Channel, reading.Type, [.. reading.Values]).ToArray());
    }

    [Fact]
    public void Encoder_WritesTheSpecBytes()
    {
        var frame = new LppEncoder()
            .Add(3, LppTypes.Temperature, 27.2)
            .Add(5, LppTypes.Temperature, 25.5)
            .ToArray();

        Assert.Equal("03670110056700FF", Convert.ToHexString(frame));
        Assert.Equal("018806765FF2960A0003E8", Convert.ToHexString(new LppEncoder().Add(1, LppTypes.GpsLocation, 42.3519, -87.9094, 10).ToArray()));
    }

    [Fact]
    public void MultipleChannelsAndTypes_InOneFrame()
    {
        var frame = new LppEncoder()
            .Add(1, LppTypes.AnalogInput, 2.4)
            .Add(2, LppTypes.Distance, 1.84)
            .Add(3, LppTypes.Voltage, 3.61)
            .Add(4, LppTypes.Humidity, 55.5)
            .Add(5, LppTypes.Barometer, 1013.2)
            .ToArray();

        var fields = LppDecoder.Decode(frame).Fields!;

        Assert.Equal(2.4, fields["analog_in_1"], 6);
        Assert.Equal(1.84, fields["distance_2"], 6);
        Assert.Equal(3.61, fields["voltage_3"], 6);
        Assert.Equal(55.5, fields["humidity_4"], 6);
        Assert.Equal(1013.2, fields["barometer_5"], 6);
    }

    [Theory]
    [InlineData("", "empty LPP payload")]
    [InlineData("03", "truncated")]
    [InlineData("0367FF", "needs 2 data bytes, 1 left")]
    [InlineData("03FE0000", "unknown LPP type 254")]
    [InlineData("036701100367FFD7", "channel 3 carries temperature twice")]
    [InlineData("01880676", "needs 9 data bytes")]
    public void MalformedFrames_AreRefusedWithAReason(string hex, string reason)
    {
        var outcome = LppDecoder.Decode(Convert.FromHexString(hex));

        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoder_RefusesValuesThatDoNotFit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LppEncoder().Add(1, LppTypes.Temperature, 4000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LppEncoder().Add(1, LppTypes.Humidity, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LppEncoder().Add(1, LppTypes.Temperature, double.NaN));
        Assert.Throws<ArgumentException>(() => new LppEncoder().Add(1, LppTypes.Accelerometer, 1));
    }
}
