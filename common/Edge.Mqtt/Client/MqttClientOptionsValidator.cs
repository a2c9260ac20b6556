using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>Checks <see cref="MqttClientOptions"/> when a client is created, so a mistake fails before any connection.</summary>
internal static class MqttClientOptionsValidator
{
    /// <summary>The largest packet any MQTT 3.1.1 peer can send: 1 + 4 bytes of header and the largest remaining length.</summary>
    public const int LargestPacket = 1 + RemainingLength.MaxBytes + RemainingLength.Max;

    public static void Validate(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FindProblem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>The first thing wrong with <paramref name="options"/>, or null.</summary>
    public static string? FindProblem(MqttClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            return "Host must name the broker";
        }

        if (options.Port is < 1 or > 65535)
        {
            return $"Port {options.Port} is not 1..65535";
        }

        if (CheckString(options.ClientId, nameof(options.ClientId)) is { } clientIdProblem)
        {
            return clientIdProblem;
        }

        if (options.ClientId.Length == 0 && !options.CleanSession)
        {
            return "a ClientId is required when CleanSession is false (the broker keys the session by it)";
        }

        if (options.Username is not null && CheckString(options.Username, nameof(options.Username)) is { } usernameProblem)
        {
            return usernameProblem;
        }

        if (!Enum.IsDefined(options.ProtocolVersion))
        {
            return $"ProtocolVersion {(int)options.ProtocolVersion} is not supported (MQTT 3.1.1 or 5)";
        }

        if (options.Password is not null)
        {
            if (options.Username is null && options.ProtocolVersion == MqttProtocolVersion.V311)
            {
                return "MQTT 3.1.1 allows a Password only with a Username";
            }

            if (CheckString(options.Password, nameof(options.Password)) is { } passwordProblem)
            {
                return passwordProblem;
            }
        }

        if (options.KeepAlive < TimeSpan.Zero || options.KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            return $"KeepAlive {options.KeepAlive} is not 0..{ushort.MaxValue} seconds";
        }

        if (options.ConnectTimeout <= TimeSpan.Zero && options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            return "ConnectTimeout must be positive (or Timeout.InfiniteTimeSpan)";
        }

        if (options.MaxPendingMessages < 1)
        {
            return "MaxPendingMessages must be at least 1";
        }

        if (options.MaxInflightPublishes is < 1 or > ushort.MaxValue)
        {
            return $"MaxInflightPublishes must be 1..{ushort.MaxValue}";
        }

        if (options.MaxIncomingPacketBytes < 16)
        {
            return "MaxIncomingPacketBytes must be at least 16";
        }

        if (options.SessionExpiryInterval is { } expiry && (expiry < TimeSpan.Zero || Math.Ceiling(expiry.TotalSeconds) > uint.MaxValue))
        {
            return $"SessionExpiryInterval {expiry} is not 0..{uint.MaxValue} seconds";
        }

        if (options.WillDelayInterval is { } willDelay && (willDelay < TimeSpan.Zero || Math.Ceiling(willDelay.TotalSeconds) > uint.MaxValue))
        {
            return $"WillDelayInterval {willDelay} is not 0..{uint.MaxValue} seconds";
        }

        if (options.ReceiveMaximum is < 1 or > ushort.MaxValue)
        {
            return $"ReceiveMaximum must be 1..{ushort.MaxValue}";
        }

        if (options.TopicAliasMaximum is < 0 or > ushort.MaxValue)
        {
            return $"TopicAliasMaximum must be 0..{ushort.MaxValue}";
        }

        if (MqttMessageRules.CheckUserProperties(options.UserProperties) is { } userPropertiesProblem)
        {
            return $"UserProperties: {userPropertiesProblem}";
        }

        if (options.Will is { } will)
        {
            if (MqttMessageRules.Check(will) is { } willProblem)
            {
                return $"Will: {willProblem}";
            }

            if (will.Payload.Length > ushort.MaxValue)
            {
                return $"Will: a payload of {will.Payload.Length} bytes exceeds the MQTT limit of {ushort.MaxValue}";
            }
        }

        return null;
    }

    private static string? CheckString(string value, string name) =>
        MqttStrings.Check(value) is { } problem ? $"{name} {problem}" : null;
}
