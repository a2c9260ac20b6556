using Edge.Mqtt.Packets;
using Edge.Mqtt.Topics;

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

        if (options.Password is not null)
        {
            if (options.Username is null)
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

        if (options.Will is { } will)
        {
            if (MqttTopics.CheckName(will.Topic) is { } topicProblem)
            {
                return $"Will: {topicProblem}";
            }

            if (!Enum.IsDefined(will.Qos))
            {
                return $"Will: QoS {(int)will.Qos} does not exist";
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
