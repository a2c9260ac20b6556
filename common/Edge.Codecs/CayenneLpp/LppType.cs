using System.Collections.Frozen;

namespace Edge.Codecs.CayenneLpp;

/// <summary>One value inside an LPP data type: the suffix of its field name and the divisor from the wire integer to the value.</summary>
public sealed record LppComponent(string Suffix, double Divisor);

/// <summary>
/// A Cayenne LPP data type: its LPP code (IPSO object id minus 3200), its field name, the size of each component on the wire,
/// whether the wire integers are signed, and its components (one for scalar types; x/y/z, latitude/longitude/altitude, r/g/b otherwise).
/// </summary>
public sealed record LppType(byte Code, string Name, int ComponentSize, bool IsSigned, IReadOnlyList<LppComponent> Components)
{
    public int DataSize => ComponentSize * Components.Count;
}

/// <summary>
/// The LPP types this codec reads and writes. The standard ones are those of the Cayenne LPP specification
/// (https://docs.mydevices.com/docs/lorawan/cayenne-lpp); the extended ones are those of the widely used
/// ElectronicCats CayenneLPP library and The Things Stack's LPP formatter (https://github.com/ElectronicCats/CayenneLPP, README "Supported data types").
/// </summary>
public static class LppTypes
{
    public static readonly LppType DigitalInput = Scalar(0, "digital_in", 1, signed: false, divisor: 1);
    public static readonly LppType DigitalOutput = Scalar(1, "digital_out", 1, signed: false, divisor: 1);
    public static readonly LppType AnalogInput = Scalar(2, "analog_in", 2, signed: true, divisor: 100);
    public static readonly LppType AnalogOutput = Scalar(3, "analog_out", 2, signed: true, divisor: 100);
    public static readonly LppType GenericSensor = Scalar(100, "generic", 4, signed: false, divisor: 1);
    public static readonly LppType Illuminance = Scalar(101, "illuminance", 2, signed: false, divisor: 1);
    public static readonly LppType Presence = Scalar(102, "presence", 1, signed: false, divisor: 1);
    public static readonly LppType Temperature = Scalar(103, "temperature", 2, signed: true, divisor: 10);
    public static readonly LppType Humidity = Scalar(104, "humidity", 1, signed: false, divisor: 2);
    public static readonly LppType Accelerometer = Vector(113, "accelerometer", 2, 1000, "x", "y", "z");
    public static readonly LppType Barometer = Scalar(115, "barometer", 2, signed: false, divisor: 10);
    public static readonly LppType Voltage = Scalar(116, "voltage", 2, signed: false, divisor: 100);
    public static readonly LppType Current = Scalar(117, "current", 2, signed: false, divisor: 1000);
    public static readonly LppType Frequency = Scalar(118, "frequency", 4, signed: false, divisor: 1);
    public static readonly LppType Percentage = Scalar(120, "percentage", 1, signed: false, divisor: 1);
    public static readonly LppType Altitude = Scalar(121, "altitude", 2, signed: true, divisor: 1);
    public static readonly LppType Concentration = Scalar(125, "concentration", 2, signed: false, divisor: 1);
    public static readonly LppType Power = Scalar(128, "power", 2, signed: false, divisor: 1);
    public static readonly LppType Distance = Scalar(130, "distance", 4, signed: false, divisor: 1000);
    public static readonly LppType Energy = Scalar(131, "energy", 4, signed: false, divisor: 1000);
    public static readonly LppType Direction = Scalar(132, "direction", 2, signed: false, divisor: 1);
    public static readonly LppType UnixTime = Scalar(133, "unixtime", 4, signed: false, divisor: 1);
    public static readonly LppType Gyrometer = Vector(134, "gyrometer", 2, 100, "x", "y", "z");
    public static readonly LppType Colour = new(135, "colour", 1, false, [new("r", 1), new("g", 1), new("b", 1)]);
    public static readonly LppType GpsLocation = new(136, "gps", 3, true, [new("latitude", 10000), new("longitude", 10000), new("altitude", 100)]);
    public static readonly LppType Switch = Scalar(142, "switch", 1, signed: false, divisor: 1);

    public static readonly FrozenDictionary<byte, LppType> ByCode = new[]
    {
        DigitalInput, DigitalOutput, AnalogInput, AnalogOutput, GenericSensor, Illuminance, Presence, Temperature, Humidity,
        Accelerometer, Barometer, Voltage, Current, Frequency, Percentage, Altitude, Concentration, Power, Distance, Energy,
        Direction, UnixTime, Gyrometer, Colour, GpsLocation, Switch,
    }.ToFrozenDictionary(type => type.Code);

    private static LppType Scalar(byte code, string name, int size, bool signed, double divisor) =>
        new(code, name, size, signed, [new(string.Empty, divisor)]);

    private static LppType Vector(byte code, string name, int size, double divisor, params string[] axes) =>
        new(code, name, size, true, [.. axes.Select(axis => new LppComponent(axis, divisor))]);
}
