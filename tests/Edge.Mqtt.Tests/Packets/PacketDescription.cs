using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// Every public member of a packet, recursively, as text: two packets are equal when their descriptions are. Written
/// by reflection so that a member added to a packet or to <see cref="MqttProperties"/> is compared without being listed.
/// </summary>
internal static class PacketDescription
{
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    /// <summary>The value of one property of a block, by identifier (null when absent).</summary>
    public static object? PropertyValue(MqttProperties properties, MqttPropertyId id)
    {
        var name = id switch
        {
            MqttPropertyId.SubscriptionIdentifier => nameof(MqttProperties.SubscriptionIdentifiers),
            MqttPropertyId.UserProperty => nameof(MqttProperties.UserProperties),
            _ => id.ToString(),
        };
        return typeof(MqttProperties).GetProperty(name)!.GetValue(properties);
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case ReadOnlyMemory<byte> memory:
                text.Append("0x").Append(Convert.ToHexString(memory.Span));
                return;
            case byte[] bytes:
                text.Append("0x").Append(Convert.ToHexString(bytes));
                return;
            case Enum or bool or char:
                text.Append(value);
                return;
            case IFormattable formattable when value.GetType().IsPrimitive:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                text.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    text.Append(first ? string.Empty : ", ");
                    Append(text, item);
                    first = false;
                }

                text.Append(']');
                return;
        }

        var type = value.GetType();
        text.Append(type.Name).Append(" { ");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == nameof(MqttProperties.UserPropertiesOrEmpty))
            {
                continue;
            }

            text.Append(property.Name).Append('=');
            Append(text, property.GetValue(value));
            text.Append("; ");
        }

        text.Append('}');
    }
}
