using System.Text.Unicode;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Topics;

namespace Edge.Mqtt.Client;

/// <summary>Checks application messages and subscriptions before anything is sent, and turns them into packets.</summary>
internal static class MqttMessageRules
{
    /// <summary>Why <paramref name="message"/> cannot be published (or be the will), or null.</summary>
    public static string? Check(MqttApplicationMessage message)
    {
        if (MqttTopics.CheckName(message.Topic) is { } topicProblem)
        {
            return topicProblem;
        }

        if (!Enum.IsDefined(message.Qos))
        {
            return $"QoS {(int)message.Qos} does not exist";
        }

        if (!Enum.IsDefined(message.PayloadFormatIndicator))
        {
            return $"payload format indicator {(int)message.PayloadFormatIndicator} does not exist";
        }

        if (message.PayloadFormatIndicator == MqttPayloadFormatIndicator.Utf8 && !Utf8.IsValid(message.Payload.Span))
        {
            return "the payload is declared UTF-8 (PayloadFormatIndicator) but is not well-formed UTF-8";
        }

        if (message.MessageExpiryInterval is { } expiry && (expiry < TimeSpan.Zero || Math.Ceiling(expiry.TotalSeconds) > uint.MaxValue))
        {
            return $"MessageExpiryInterval {expiry} is not 0..{uint.MaxValue} seconds";
        }

        if (message.ContentType is { } contentType && MqttStrings.Check(contentType) is { } contentTypeProblem)
        {
            return $"ContentType {contentTypeProblem}";
        }

        if (message.ResponseTopic is { } responseTopic && MqttTopics.CheckName(responseTopic) is { } responseTopicProblem)
        {
            return $"ResponseTopic: {responseTopicProblem}";
        }

        if (message.CorrelationData is { Length: > ushort.MaxValue } correlation)
        {
            return $"CorrelationData of {correlation.Length} bytes exceeds the MQTT limit of {ushort.MaxValue}";
        }

        return CheckUserProperties(message.UserProperties);
    }

    public static string? CheckUserProperties(IReadOnlyList<MqttUserProperty>? properties)
    {
        if (properties is null)
        {
            return null;
        }

        foreach (var property in properties)
        {
            if (property.Name is null || property.Value is null)
            {
                return "a user property has a null name or value";
            }

            if ((MqttStrings.Check(property.Name) ?? MqttStrings.Check(property.Value)) is { } problem)
            {
                return $"user property \"{property.Name}\" {problem}";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="filter"/> cannot be subscribed on a connection of <paramref name="version"/>, or null.</summary>
    public static string? Check(MqttTopicFilter? filter, MqttProtocolVersion version)
    {
        if (filter is null)
        {
            return "a filter is null";
        }

        if (MqttTopics.CheckFilter(filter.Filter) is { } problem)
        {
            return problem;
        }

        if (!Enum.IsDefined(filter.MaximumQos))
        {
            return $"QoS {(int)filter.MaximumQos} does not exist";
        }

        if (!Enum.IsDefined(filter.RetainHandling))
        {
            return $"retain handling {(int)filter.RetainHandling} does not exist";
        }

        var hasOptions = filter.NoLocal || filter.RetainAsPublished || filter.RetainHandling != MqttRetainHandling.SendAtSubscribe;
        if (hasOptions && version != MqttProtocolVersion.V500)
        {
            return $"the subscription options of \"{filter.Filter}\" (no-local, retain-as-published, retain handling) need MQTT 5";
        }

        if (filter.NoLocal && MqttTopics.IsShared(filter.Filter))
        {
            return $"no-local is not allowed on the shared subscription \"{filter.Filter}\" (MQTT 5 section 3.8.3.1)";
        }

        return null;
    }

    /// <summary>The MQTT 5 properties of a message (null when it has none).</summary>
    public static MqttProperties? ToProperties(MqttApplicationMessage message, TimeSpan? willDelay = null)
    {
        var hasAny = message.PayloadFormatIndicator != MqttPayloadFormatIndicator.Unspecified || message.MessageExpiryInterval is not null
            || message.ContentType is not null || message.ResponseTopic is not null || message.CorrelationData is not null
            || message.UserProperties is { Count: > 0 } || willDelay is not null;
        return hasAny
            ? new MqttProperties
            {
                PayloadFormatIndicator = message.PayloadFormatIndicator == MqttPayloadFormatIndicator.Utf8 ? (byte)1 : null,
                MessageExpiryInterval = Seconds(message.MessageExpiryInterval),
                ContentType = message.ContentType,
                ResponseTopic = message.ResponseTopic,
                CorrelationData = message.CorrelationData,
                UserProperties = message.UserProperties is { Count: > 0 } userProperties ? userProperties : null,
                WillDelayInterval = Seconds(willDelay),
            }
            : null;
    }

    /// <summary>The PUBLISH for <paramref name="message"/> (packet identifier still 0).</summary>
    public static PublishPacket ToPacket(MqttApplicationMessage message, MqttProtocolVersion version) =>
        new(message.Topic, message.Payload, message.Qos, message.Retain, Duplicate: false, PacketId: 0)
        {
            Properties = version == MqttProtocolVersion.V500 ? ToProperties(message) : null,
        };

    /// <summary>Whole seconds, rounded up, for an MQTT 5 four-byte interval.</summary>
    public static uint? Seconds(TimeSpan? interval) => interval is { } value ? (uint)Math.Min(uint.MaxValue, Math.Ceiling(value.TotalSeconds)) : null;
}
