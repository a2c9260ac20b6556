using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;
using Edge.Mqtt;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Cli;

/// <summary>The command-line options, their defaults (those of <see cref="SimulatorOptions"/>) and their validation.</summary>
internal sealed class CommandLineOptions
{
    private static readonly SimulatorOptions Defaults = new();

    /// <summary>The longest delay .NET timers take (about 49.7 days), rounded down.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    private delegate bool TryParse<T>(string text, out T value);

    public Option<int> Devices { get; } = new("--devices", "-n")
    {
        Description = "Number of simulated devices; kinds are assigned round-robin (rain gauge, river level, soil moisture, tilt meter)",
        DefaultValueFactory = _ => Defaults.Devices,
        CustomParser = Parse<int>(TryParseInt, value => value >= 1, "--devices must be a whole number of at least 1"),
    };

    public Option<double> Rate { get; } = new("--rate", "-r")
    {
        Description = "Total telemetry messages per second over all devices",
        DefaultValueFactory = _ => Defaults.Rate,
        CustomParser = Parse<double>(TryParseDouble, value => value is > 0 and < double.PositiveInfinity, "--rate must be a number greater than 0"),
    };

    public Option<string> Broker { get; } = new("--broker", "-b")
    {
        Description = "MQTT broker as host:port",
        DefaultValueFactory = _ => Defaults.Broker,
        CustomParser = Parse<string>(TryParseText, IsHostAndPort, "--broker must be host:port with a port from 1 to 65535, e.g. 127.0.0.1:1883"),
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the sensor models: the same seed publishes the same values",
        DefaultValueFactory = _ => Defaults.Seed,
        CustomParser = Parse<int>(TryParseInt, _ => true, "--seed must be a whole number"),
    };

    public Option<TimeSpan?> Duration { get; } = new("--duration")
    {
        Description = "Stop after this long (e.g. 90s, 5m, 1h); default: until Ctrl-C or --count",
        CustomParser = result => Parse<TimeSpan>(DurationParser.TryParse, value => value > TimeSpan.Zero && value <= LongestTimer, "--duration must be a duration longer than 0 and at most 49 days, e.g. 500ms, 90s, 5m, 1h or 00:01:30")(result),
    };

    public Option<long?> Count { get; } = new("--count")
    {
        Description = "Stop after this many messages per device; default: until Ctrl-C or --duration",
        CustomParser = result => Parse<long>(TryParseLong, value => value >= 1, "--count must be a whole number of at least 1")(result),
    };

    public Option<int> Qos { get; } = new("--qos")
    {
        Description = "QoS of telemetry publishes: 0 or 1",
        DefaultValueFactory = _ => (int)Defaults.Qos,
        CustomParser = Parse<int>(TryParseInt, value => value is 0 or 1, "--qos must be 0 or 1"),
    };

    public Option<string> IdPrefix { get; } = new("--id-prefix")
    {
        Description = "Prefix of the device ids ({prefix}rg-0001, {prefix}rl-0001, ...)",
        DefaultValueFactory = _ => Defaults.IdPrefix,
        CustomParser = Parse<string>(TryParseText, IsValidPrefix, "--id-prefix may only contain A-Z a-z 0-9 . _ - and must leave room for the rest of the id (64 characters in all)"),
    };

    public Option<string?> Report { get; } = new("--report")
    {
        Description = "Write a JSON summary of the run to this file at exit",
        CustomParser = Parse<string>(TryParseText, value => !string.IsNullOrWhiteSpace(value), "--report must be a file path"),
    };

    public Option<int> Buffer { get; } = new("--buffer")
    {
        Description = "Readings each device keeps while offline; when full, the oldest is dropped",
        DefaultValueFactory = _ => Defaults.BufferCapacity,
        CustomParser = Parse<int>(TryParseInt, value => value >= 1, "--buffer must be a whole number of at least 1"),
    };

    public Option<TimeSpan> DrainTimeout { get; } = new("--drain-timeout")
    {
        Description = "After producing stops, how long devices may keep trying to deliver what they hold",
        DefaultValueFactory = _ => Defaults.DrainTimeout,
        CustomParser = Parse<TimeSpan>(DurationParser.TryParse, value => value <= LongestTimer, "--drain-timeout must be a duration of at most 49 days, e.g. 500ms, 10s, 1m or 00:00:10"),
    };

    public Option<string> Protocol { get; } = new("--protocol")
    {
        Description = "How devices deliver: mqtt (JSON on the broker), lpp (Cayenne LPP on the broker), chirpstack or tts (LoRaWAN network server events on the broker), sms (POST /gsm/sms on the gateway), gprs (lines over TCP), or mixed (all of them round-robin)",
        DefaultValueFactory = _ => "mqtt",
        CustomParser = Parse<string>(TryParseText, value => Enum.TryParse<DeviceProtocol>(value, ignoreCase: true, out _) && !int.TryParse(value, CultureInfo.InvariantCulture, out _), "--protocol must be mqtt, lpp, chirpstack, tts, sms, gprs or mixed"),
    };

    public Option<Uri> GatewayUrl { get; } = new("--gateway-url")
    {
        Description = "The edge gateway's HTTP address, for --protocol sms (and mixed)",
        DefaultValueFactory = _ => Defaults.GatewayUrl,
        CustomParser = Parse<Uri>(TryParseHttpUri, _ => true, "--gateway-url must be an http:// or https:// address, e.g. http://127.0.0.1:5081"),
    };

    public Option<string> Gprs { get; } = new("--gprs")
    {
        Description = "The gateway's GPRS line port as host:port, for --protocol gprs (and mixed)",
        DefaultValueFactory = _ => "127.0.0.1:5082",
        CustomParser = Parse<string>(TryParseText, IsHostAndPort, "--gprs must be host:port with a port from 1 to 65535, e.g. 127.0.0.1:5082"),
    };

    public Option<ScenarioDefinition> Scenario { get; } = new("--scenario")
    {
        Description = "What the weather, slope and devices do: calm, storm, river-flood, slope-failure, sensor-faults, or the path of a scenario file (JSON)",
        DefaultValueFactory = _ => Defaults.Scenario,
        CustomParser = result =>
        {
            var (scenario, error) = ScenarioParser.Resolve(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty);
            if (error is not null)
            {
                result.AddError("--scenario: " + error);
            }

            return scenario!;
        },
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "Connect to the broker with TLS, trusting the CA in this PEM file (the deployment's ca.crt from scripts/make-certs.sh); point --broker at the TLS port (8883)",
        CustomParser = Parse<string?>(TryParseText, File.Exists, "--ca-file must name an existing PEM file"),
    };

    public Option<IReadOnlyDictionary<string, string>?> Credentials { get; } = new("--credentials")
    {
        Description = "MQTT passwords of the devices, one \"deviceId,password\" per line (the passwords POST /api/v1/devices/{id}/credentials showed once; # starts a comment): each listed device logs in with its id as user name; others connect without an account",
        CustomParser = result =>
        {
            var path = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            var (credentials, error) = DeviceCredentialsFile.Read(path);
            if (error is not null)
            {
                result.AddError("--credentials: " + error);
            }

            return credentials;
        },
    };

    public Option<double?> Speed { get; } = new("--speed")
    {
        Description = "Simulated time runs this many times faster than the wall clock (1 to 100000): one reading per device per simulated minute, stamped with simulated time in the past, ending with the scenario; excludes --rate",
        CustomParser = result => Parse<double>(TryParseDouble, value => value is >= 1 and <= 100_000, "--speed must be a number from 1 to 100000")(result),
    };

    public IEnumerable<Option> All => [Devices, Rate, Broker, Seed, Duration, Count, Qos, IdPrefix, Report, Buffer, DrainTimeout, Protocol, GatewayUrl, Gprs, Scenario, Speed, CaFile, Credentials];

    /// <summary>Checks across options: <c>--speed</c> sets the rate itself.</summary>
    public void Validate(CommandResult result)
    {
        if (result.GetResult(Speed) is { Implicit: false } && result.GetResult(Rate) is { Implicit: false })
        {
            result.AddError("--speed and --rate exclude each other: under --speed every device reports once per simulated minute, so the rate is devices x speed / 60 per second");
        }
    }

    public SimulatorOptions Bind(ParseResult parseResult)
    {
        var gprs = new MqttClientOptions().WithBroker(parseResult.GetRequiredValue(Gprs));
        var options = BindMqtt(parseResult);
        options.Protocol = Enum.Parse<DeviceProtocol>(parseResult.GetRequiredValue(Protocol), ignoreCase: true);
        options.GatewayUrl = parseResult.GetRequiredValue(GatewayUrl);
        options.GprsHost = gprs.Host;
        options.GprsPort = gprs.Port;
        options.Scenario = parseResult.GetRequiredValue(Scenario);
        if (parseResult.GetValue(Speed) is { } speed)
        {
            // One reading per device per simulated minute, and the run ends with the scenario (SimulatedClock).
            options.Speed = speed;
            options.Rate = options.Devices * speed / 60;
            options.Count = Math.Min(options.Count ?? long.MaxValue, SimulatedClock.Readings(options.Scenario));
        }

        return options;
    }

    private SimulatorOptions BindMqtt(ParseResult parseResult) => new()
    {
        Devices = parseResult.GetValue(Devices),
        Rate = parseResult.GetValue(Rate),
        Broker = parseResult.GetRequiredValue(Broker),
        Seed = parseResult.GetValue(Seed),
        Duration = parseResult.GetValue(Duration),
        Count = parseResult.GetValue(Count),
        Qos = (MqttQualityOfService)parseResult.GetValue(Qos),
        IdPrefix = parseResult.GetRequiredValue(IdPrefix),
        ReportPath = parseResult.GetValue(Report),
        BufferCapacity = parseResult.GetValue(Buffer),
        DrainTimeout = parseResult.GetValue(DrainTimeout),
        CaFile = parseResult.GetValue(CaFile),
        Credentials = parseResult.GetValue(Credentials),
    };

    /// <summary>Reads and validates in one place, so that every bad value gets one clear message naming what was given.</summary>
    private static Func<ArgumentResult, T> Parse<T>(TryParse<T> tryParse, Func<T, bool> isValid, string error) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (tryParse(text, out var value) && isValid(value))
        {
            return value;
        }

        result.AddError($"{error} (got \"{text}\")");
        return default!;
    };

    private static bool TryParseInt(string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryParseLong(string text, out long value) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryParseDouble(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryParseHttpUri(string text, out Uri value)
    {
        value = null!;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            value = uri;
            return true;
        }

        return false;
    }

    private static bool TryParseText(string text, out string value)
    {
        value = text;
        return true;
    }

    private static bool IsHostAndPort(string text)
    {
        try
        {
            new MqttClientOptions().WithBroker(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsValidPrefix(string prefix) =>
        (prefix.Length == 0 || DeviceId.IsValid(prefix))
        && DeviceId.IsValid(DeviceFleet.DeviceId(prefix, SensorKind.RainGauge, 9_999 * SensorKinds.All.Count));
}
