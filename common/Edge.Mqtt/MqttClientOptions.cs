namespace Edge.Mqtt;

/// <summary>
/// How to reach and identify with a broker, and the connection's limits. Options marked MQTT 5 are sent only on an
/// MQTT 5 connection and ignored on an MQTT 3.1.1 one.
/// </summary>
public sealed class MqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>MQTT 3.1.1 (the default, what the platform's programs use) or MQTT 5.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V311;

    /// <summary>Client identifier; required when <see cref="CleanSession"/> is false.</summary>
    public string ClientId { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Keep-alive period; zero turns keep-alive off.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// False keeps the session (subscriptions and queued QoS 1 and 2 messages) at the broker across connections.
    /// MQTT 5 calls it Clean Start: true discards an existing session when connecting; how long the session outlives a
    /// connection is <see cref="SessionExpiryInterval"/>.
    /// </summary>
    public bool CleanSession { get; set; } = true;

    /// <summary>
    /// MQTT 5: how long the broker keeps the session after the connection ends. Null: never expires when
    /// <see cref="CleanSession"/> is false (MQTT 3.1.1's behaviour), ends with the connection when it is true.
    /// </summary>
    public TimeSpan? SessionExpiryInterval { get; set; }

    /// <summary>Published by the broker when this connection ends without a DISCONNECT (MQTT 5: its properties too).</summary>
    public MqttApplicationMessage? Will { get; set; }

    /// <summary>MQTT 5: the broker waits this long after the connection ends before publishing the will (none if the client is back first).</summary>
    public TimeSpan? WillDelayInterval { get; set; }

    /// <summary>
    /// MQTT 5: the most unacknowledged QoS 1 and 2 messages the broker may have in flight to this client (1..65535;
    /// 65535, the protocol's default, is not sent). The application's acknowledgements free the places.
    /// </summary>
    public int ReceiveMaximum { get; set; } = ushort.MaxValue;

    /// <summary>MQTT 5: the most topic aliases the broker may use towards this client (0 allows none).</summary>
    public int TopicAliasMaximum { get; set; } = 16;

    /// <summary>MQTT 5: ask the broker for response information (returned in <see cref="MqttConnectResult.ResponseInformation"/>).</summary>
    public bool RequestResponseInformation { get; set; }

    /// <summary>MQTT 5: user properties sent with CONNECT.</summary>
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS over the TCP connection (see <see cref="MqttTlsOptions"/>); null: plain TCP.</summary>
    public MqttTlsOptions? Tls { get; set; }

    /// <summary>
    /// Received messages the application has not yet read from <see cref="IMqttClient.Messages"/>.
    /// When this many are waiting, the client stops reading the socket (TCP then pushes back on the broker) until the
    /// application has read half of them.
    /// </summary>
    public int MaxPendingMessages { get; set; } = 1000;

    /// <summary>
    /// Outgoing QoS 1 and 2 publishes stored until their final answer (PUBACK, PUBCOMP); further publishes wait for a
    /// free place. On MQTT 5 the broker's Receive Maximum may lower how many of them are on the wire at once.
    /// </summary>
    public int MaxInflightPublishes { get; set; } = 256;

    /// <summary>Largest packet accepted from the broker; a larger one closes the connection. MQTT 5 announces it (Maximum Packet Size).</summary>
    public int MaxIncomingPacketBytes { get; set; } = 1024 * 1024 + 1024;

    /// <summary>Parses <c>host:port</c> (the form the programs' <c>--broker</c> options take) into <see cref="Host"/> and <see cref="Port"/>.</summary>
    public MqttClientOptions WithBroker(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostAndPort.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"broker address \"{hostAndPort}\" is not host:port");
        }

        Host = hostAndPort[..colon];
        Port = port;
        return this;
    }

    /// <summary>A copy, so that a long-lived owner is not affected by later changes to the caller's instance.</summary>
    internal MqttClientOptions Clone() => (MqttClientOptions)MemberwiseClone();
}
