using System.ComponentModel.DataAnnotations;
using Edge.Mqtt;

namespace Edge.Gateway.Sources;

/// <summary>The village broker the sensors publish to (section <c>Mqtt</c>).</summary>
public sealed class MqttSourceOptions
{
    public const string Section = "Mqtt";

    /// <summary><c>host:port</c> of the village Mosquitto.</summary>
    [Required]
    public string Broker { get; set; } = "127.0.0.1:1883";

    /// <summary>Client id of the gateway's persistent session; default <c>edge-gateway-{Gateway:Id}</c>.</summary>
    public string? ClientId { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Telemetry payloads larger than this are dead-lettered unread.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest MQTT packet the gateway accepts. Keep it above the broker's <c>max_packet_size</c> so that an oversized
    /// message is dead-lettered rather than dropping the connection (and coming back forever).
    /// </summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPacketBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Received messages waiting for the journal before the gateway stops reading from the broker.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingMessages { get; set; } = 10_000;

    /// <summary>
    /// TLS to the broker (<c>Mqtt:Tls:CaFile</c>, <c>TargetHost</c>, <c>ClientCertificateFile</c>, <c>ClientKeyFile</c>,
    /// ...: Edge.Mqtt's <see cref="MqttTlsOptions"/>); absent: plain TCP. Point <see cref="Broker"/> at the TLS port (8883).
    /// </summary>
    public MqttTlsOptions? Tls { get; set; }

    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The options of one of the gateway's connections to the broker: address, account, keep-alive and TLS from this section.</summary>
    public MqttClientOptions ClientOptions(string clientId, bool cleanSession) => new MqttClientOptions
    {
        ClientId = clientId,
        CleanSession = cleanSession,
        Username = Username,
        Password = Password,
        KeepAlive = KeepAlive,
        Tls = Tls,
    }.WithBroker(Broker);
}
