using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Scenarios;
using Edge.Mqtt;

namespace Edge.FirmwareSim;

/// <summary>What a run simulates and how it publishes. Defaults are those of the command line (see the README).</summary>
internal sealed class SimulatorOptions
{
    /// <summary>How many devices; kinds are assigned round-robin.</summary>
    public int Devices { get; set; } = 4;

    /// <summary>Total telemetry messages per second over all devices.</summary>
    public double Rate { get; set; } = 1;

    /// <summary>The broker as <c>host:port</c>.</summary>
    public string Broker { get; set; } = "127.0.0.1:1883";

    /// <summary><c>--ca-file</c>: TLS to the broker, trusting this CA (PEM); null: plain TCP.</summary>
    public string? CaFile { get; set; }

    /// <summary><c>--credentials</c>: each listed device's broker password (user name = device id); null or unlisted: no account.</summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; set; }

    /// <summary>The values of device i's k-th message depend only on (seed, i, k).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>What the weather, the slope and the devices do (<c>--scenario</c>); the built-in <c>calm</c> by default.</summary>
    public ScenarioDefinition Scenario { get; set; } = BuiltinScenarios.Calm;

    /// <summary>
    /// <c>--speed K</c>: readings carry simulated time running K times faster than the wall clock, one reading per device
    /// per simulated minute, and the run ends with the scenario. Null: readings carry the wall-clock time (live mode).
    /// </summary>
    public double? Speed { get; set; }

    /// <summary>Stop after this long; null runs until stopped (or <see cref="Count"/>).</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Stop after this many messages per device; null runs until stopped (or <see cref="Duration"/>).</summary>
    public long? Count { get; set; }

    public MqttQualityOfService Qos { get; set; } = MqttQualityOfService.AtLeastOnce;

    public string IdPrefix { get; set; } = "sim-";

    /// <summary>Where to write the JSON summary at exit; null writes none.</summary>
    public string? ReportPath { get; set; }

    /// <summary>Readings each device keeps while offline; when full the oldest is dropped (and counted).</summary>
    public int BufferCapacity { get; set; } = 1000;

    /// <summary>Once a device stops producing, how long it may keep trying to deliver what it still holds.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How the devices deliver: MQTT JSON, SMS to the gateway, or GPRS lines.</summary>
    public DeviceProtocol Protocol { get; set; } = DeviceProtocol.Mqtt;

    /// <summary>The edge gateway's HTTP address, for SMS (<c>POST /gsm/sms</c>).</summary>
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:5081");

    /// <summary>The gateway's GPRS line port.</summary>
    public string GprsHost { get; set; } = "127.0.0.1";

    public int GprsPort { get; set; } = 5082;

    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on publishing <c>offline</c> and disconnecting at the end.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
