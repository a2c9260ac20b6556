using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Edge.Mqtt.Packets;

/// <summary>
/// Writes MQTT 3.1.1 control packets (chapter 3) into an <see cref="IBufferWriter{T}"/> (the connection's PipeWriter),
/// without intermediate buffers: the fixed and variable headers go straight into the writer's span, a PUBLISH payload
/// is copied once. Strings are assumed valid (the client validates before a packet is built).
/// </summary>
internal static class MqttPacketEncoder
{
    private static ReadOnlySpan<byte> ProtocolName => "\0\u0004MQTT"u8;

    private const byte ProtocolLevel = 4;

    /// <summary>Writes <paramref name="packet"/>; returns the number of bytes written.</summary>
    public static int Write(MqttPacket packet, IBufferWriter<byte> output) => packet switch
    {
        PublishPacket publish => WritePublish(publish, output),
        PubAckPacket ack => WriteIdOnly(0x40, ack.PacketId, output),
        PubRecPacket rec => WriteIdOnly(0x50, rec.PacketId, output),
        PubRelPacket rel => WriteIdOnly(0x62, rel.PacketId, output),
        PubCompPacket comp => WriteIdOnly(0x70, comp.PacketId, output),
        UnsubAckPacket unsubAck => WriteIdOnly(0xB0, unsubAck.PacketId, output),
        PingReqPacket => WriteEmpty(0xC0, output),
        PingRespPacket => WriteEmpty(0xD0, output),
        DisconnectPacket => WriteEmpty(0xE0, output),
        ConnectPacket connect => WriteConnect(connect, output),
        ConnAckPacket connAck => WriteConnAck(connAck, output),
        SubscribePacket subscribe => WriteSubscribe(subscribe, output),
        SubAckPacket subAck => WriteSubAck(subAck, output),
        UnsubscribePacket unsubscribe => WriteUnsubscribe(unsubscribe, output),
        _ => throw new ArgumentException($"cannot encode {packet.GetType().Name}", nameof(packet)),
    };

    /// <summary>Size of a PUBLISH on the wire, or -1 when it exceeds what a remaining length can carry.</summary>
    public static long GetPublishSize(string topic, int payloadLength, MqttQualityOfService qos)
    {
        long remaining = 2L + Encoding.UTF8.GetByteCount(topic) + (qos > MqttQualityOfService.AtMostOnce ? 2 : 0) + payloadLength;
        return remaining > RemainingLength.Max ? -1 : 1 + RemainingLength.GetSize((int)remaining) + remaining;
    }

    private static int WritePublish(PublishPacket packet, IBufferWriter<byte> output)
    {
        var topicBytes = StringSize(packet.Topic);
        var variableHeader = 2 + topicBytes + (packet.Qos > MqttQualityOfService.AtMostOnce ? 2 : 0);
        var remaining = CheckRemaining((long)variableHeader + packet.Payload.Length);
        var headerSize = 1 + RemainingLength.GetSize(remaining) + variableHeader;

        var span = output.GetSpan(headerSize);
        span[0] = (byte)(0x30 | (packet.Duplicate ? 0x08 : 0) | ((int)packet.Qos << 1) | (packet.Retain ? 0x01 : 0));
        var i = 1 + RemainingLength.Write(remaining, span[1..]);
        i += WriteString(packet.Topic, topicBytes, span[i..]);
        if (packet.Qos > MqttQualityOfService.AtMostOnce)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
            i += 2;
        }

        output.Advance(i);
        output.Write(packet.Payload.Span);
        return headerSize + packet.Payload.Length;
    }

    private static int WriteIdOnly(byte firstByte, ushort packetId, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(4);
        span[0] = firstByte;
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        output.Advance(4);
        return 4;
    }

    private static int WriteEmpty(byte firstByte, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = firstByte;
        span[1] = 0;
        output.Advance(2);
        return 2;
    }

    private static int WriteConnect(ConnectPacket packet, IBufferWriter<byte> output)
    {
        var clientIdBytes = StringSize(packet.ClientId);
        var remaining = 10L + 2 + clientIdBytes;
        byte flags = packet.CleanSession ? (byte)0x02 : (byte)0;
        int willTopicBytes = 0;
        if (packet.Will is { } will)
        {
            willTopicBytes = StringSize(will.Topic);
            remaining += 2 + willTopicBytes + 2 + CheckBinary(will.Payload.Length);
            flags |= (byte)(0x04 | ((int)will.Qos << 3) | (will.Retain ? 0x20 : 0));
        }

        int usernameBytes = 0;
        if (packet.Username is not null)
        {
            usernameBytes = StringSize(packet.Username);
            remaining += 2 + usernameBytes;
            flags |= 0x80;
        }

        if (packet.Password is { } password)
        {
            remaining += 2 + CheckBinary(password.Length);
            flags |= 0x40;
        }

        var length = CheckRemaining(remaining);
        var total = 1 + RemainingLength.GetSize(length) + length;
        var span = output.GetSpan(total);
        span[0] = 0x10;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        ProtocolName.CopyTo(span[i..]);
        i += ProtocolName.Length;
        span[i++] = ProtocolLevel;
        span[i++] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.KeepAliveSeconds);
        i += 2;
        i += WriteString(packet.ClientId, clientIdBytes, span[i..]);
        if (packet.Will is { } w)
        {
            i += WriteString(w.Topic, willTopicBytes, span[i..]);
            i += WriteBinary(w.Payload.Span, span[i..]);
        }

        if (packet.Username is not null)
        {
            i += WriteString(packet.Username, usernameBytes, span[i..]);
        }

        if (packet.Password is { } p)
        {
            i += WriteBinary(p.Span, span[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int WriteConnAck(ConnAckPacket packet, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(4);
        span[0] = 0x20;
        span[1] = 2;
        span[2] = packet.SessionPresent ? (byte)1 : (byte)0;
        span[3] = (byte)packet.ReturnCode;
        output.Advance(4);
        return 4;
    }

    private static int WriteSubscribe(SubscribePacket packet, IBufferWriter<byte> output)
    {
        var remaining = 2L;
        foreach (var filter in packet.Filters)
        {
            remaining += 2 + StringSize(filter.Filter) + 1;
        }

        var length = CheckRemaining(remaining);
        var total = 1 + RemainingLength.GetSize(length) + length;
        var span = output.GetSpan(total);
        span[0] = 0x82;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
        i += 2;
        foreach (var filter in packet.Filters)
        {
            i += WriteString(filter.Filter, Encoding.UTF8.GetByteCount(filter.Filter), span[i..]);
            span[i++] = (byte)filter.MaximumQos;
        }

        output.Advance(i);
        return i;
    }

    private static int WriteSubAck(SubAckPacket packet, IBufferWriter<byte> output)
    {
        var length = CheckRemaining(2L + packet.ReturnCodes.Count);
        var total = 1 + RemainingLength.GetSize(length) + length;
        var span = output.GetSpan(total);
        span[0] = 0x90;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
        i += 2;
        foreach (var code in packet.ReturnCodes)
        {
            span[i++] = code;
        }

        output.Advance(i);
        return i;
    }

    private static int WriteUnsubscribe(UnsubscribePacket packet, IBufferWriter<byte> output)
    {
        var remaining = 2L;
        foreach (var filter in packet.Filters)
        {
            remaining += 2 + StringSize(filter);
        }

        var length = CheckRemaining(remaining);
        var total = 1 + RemainingLength.GetSize(length) + length;
        var span = output.GetSpan(total);
        span[0] = 0xA2;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
        i += 2;
        foreach (var filter in packet.Filters)
        {
            i += WriteString(filter, Encoding.UTF8.GetByteCount(filter), span[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int StringSize(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes <= MqttStrings.MaxBytes
            ? bytes
            : throw new ArgumentException($"a string of {bytes} UTF-8 bytes exceeds the MQTT limit of {MqttStrings.MaxBytes}", nameof(value));
    }

    private static int CheckBinary(int length) => length <= ushort.MaxValue
        ? length
        : throw new ArgumentException($"binary data of {length} bytes exceeds the MQTT limit of {ushort.MaxValue}", nameof(length));

    private static int CheckRemaining(long remaining) => remaining <= RemainingLength.Max
        ? (int)remaining
        : throw new ArgumentException($"a packet body of {remaining} bytes exceeds the MQTT limit of {RemainingLength.Max}", nameof(remaining));

    private static int WriteString(string value, int byteCount, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)byteCount);
        Encoding.UTF8.GetBytes(value, destination[2..]);
        return 2 + byteCount;
    }

    private static int WriteBinary(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value.Length);
        value.CopyTo(destination[2..]);
        return 2 + value.Length;
    }
}
