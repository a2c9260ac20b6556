namespace Edge.Mqtt;

/// <summary>How to reach and identify with a broker.</summary>
public sealed class MqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>Client identifier; required when <see cref="CleanSession"/> is false.</summary>
    public string ClientId { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Keep-alive period; zero turns keep-alive off.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>False keeps the session (subscriptions and queued QoS 1 messages) at the broker across connections.</summary>
    public bool CleanSession { get; set; } = true;

    /// <summary>Published by the broker when this connection ends without a DISCONNECT.</summary>
    public MqttApplicationMessage? Will { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS over the TCP connection (see <see cref="MqttTlsOptions"/>); null: plain TCP.</summary>
    public MqttTlsOptions? Tls { get; set; }

    /// <summary>
    /// Received messages the application has not yet read from <see cref="IMqttClient.Messages"/>.
    /// When this many are waiting, the client stops reading the socket (TCP then pushes back on the broker).
    /// </summary>
    public int MaxPendingMessages { get; set; } = 1000;

    /// <summary>Outgoing QoS 1 publishes awaiting their PUBACK; further publishes wait for a free slot.</summary>
    public int MaxInflightPublishes { get; set; } = 256;

    /// <summary>Largest packet accepted from the broker; a larger one closes the connection.</summary>
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
}
