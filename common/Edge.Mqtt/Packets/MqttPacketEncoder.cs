using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Edge.Mqtt.Packets;

/// <summary>
/// Writes control packets (chapter 3 of MQTT 3.1.1 and of MQTT 5) into an <see cref="IBufferWriter{T}"/> (the
/// connection's PipeWriter), without intermediate buffers: the fixed and variable headers go straight into the writer's
/// span, a PUBLISH payload is copied once. On MQTT 3.1.1 the MQTT 5 members (properties, reason codes) are not written.
/// Strings are assumed valid (the client validates before a packet is built).
/// </summary>
internal static class MqttPacketEncoder
{
    private static ReadOnlySpan<byte> ProtocolName => "\0\u0004MQTT"u8;

    /// <summary>Writes an MQTT 3.1.1 packet; returns the number of bytes written.</summary>
    public static int Write(MqttPacket packet, IBufferWriter<byte> output) => Write(packet, output, MqttProtocolVersion.V311);

    /// <summary>Writes <paramref name="packet"/> as <paramref name="version"/> has it (CONNECT: its own version); returns the bytes written.</summary>
    public static int Write(MqttPacket packet, IBufferWriter<byte> output, MqttProtocolVersion version) => packet switch
    {
        PublishPacket publish => WritePublish(publish, version, output),
        PublishResponsePacket response => WritePublishResponse(response, version, output),
        PingReqPacket => WriteEmpty(0xC0, output),
        PingRespPacket => WriteEmpty(0xD0, output),
        DisconnectPacket disconnect => WriteReasonOnly(0xE0, disconnect.ReasonCode, disconnect.Properties, version, output),
        AuthPacket auth => version == MqttProtocolVersion.V500
            ? WriteReasonOnly(0xF0, auth.ReasonCode, auth.Properties, version, output)
            : throw new ArgumentException("AUTH exists only in MQTT 5", nameof(packet)),
        ConnectPacket connect => WriteConnect(connect, output),
        ConnAckPacket connAck => WriteConnAck(connAck, version, output),
        SubscribePacket subscribe => WriteSubscribe(subscribe, version, output),
        SubAckPacket subAck => WriteSubAck(subAck, version, output),
        UnsubscribePacket unsubscribe => WriteUnsubscribe(unsubscribe, version, output),
        UnsubAckPacket unsubAck => WriteUnsubAck(unsubAck, version, output),
        _ => throw new ArgumentException($"cannot encode {packet.GetType().Name}", nameof(packet)),
    };

    /// <summary>Size of an MQTT 3.1.1 PUBLISH without properties on the wire, or -1 when it exceeds what a remaining length can carry.</summary>
    public static long GetPublishSize(string topic, int payloadLength, MqttQualityOfService qos)
    {
        long remaining = 2L + Encoding.UTF8.GetByteCount(topic) + (qos > MqttQualityOfService.AtMostOnce ? 2 : 0) + payloadLength;
        return TotalSize(remaining);
    }

    /// <summary>Size of a PUBLISH on the wire, or -1 when it exceeds what a remaining length can carry.</summary>
    public static long GetSize(PublishPacket packet, MqttProtocolVersion version) =>
        TotalSize(PublishRemaining(packet, version, out _, out _));

    /// <summary>Size of any packet on the wire (by encoding it), or -1 when it exceeds what a remaining length can carry.</summary>
    public static long GetSize(MqttPacket packet, MqttProtocolVersion version)
    {
        if (packet is PublishPacket publish)
        {
            return GetSize(publish, version);
        }

        try
        {
            var counter = new ArrayBufferWriter<byte>();
            return Write(packet, counter, version);
        }
        catch (ArgumentException)
        {
            return -1;
        }
    }

    private static long TotalSize(long remaining) => remaining > RemainingLength.Max ? -1 : 1 + RemainingLength.GetSize((int)remaining) + remaining;

    private static long PublishRemaining(PublishPacket packet, MqttProtocolVersion version, out int topicBytes, out int propertiesSize)
    {
        topicBytes = Encoding.UTF8.GetByteCount(packet.Topic);
        propertiesSize = version == MqttProtocolVersion.V500 ? MqttPropertyCodec.GetSize(packet.Properties) : 0;
        return 2L + topicBytes + (packet.Qos > MqttQualityOfService.AtMostOnce ? 2 : 0)
            + (version == MqttProtocolVersion.V500 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0)
            + packet.Payload.Length;
    }

    private static int WritePublish(PublishPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var remaining = CheckRemaining(PublishRemaining(packet, version, out var topicBytes, out var propertiesSize));
        CheckString(topicBytes);
        var headerSize = 1 + RemainingLength.GetSize(remaining) + remaining - packet.Payload.Length;

        var span = output.GetSpan(headerSize);
        span[0] = (byte)(0x30 | (packet.Duplicate ? 0x08 : 0) | ((int)packet.Qos << 1) | (packet.Retain ? 0x01 : 0));
        var i = 1 + RemainingLength.Write(remaining, span[1..]);
        i += WriteString(packet.Topic, topicBytes, span[i..]);
        if (packet.Qos > MqttQualityOfService.AtMostOnce)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
            i += 2;
        }

        if (version == MqttProtocolVersion.V500)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, span[i..]);
        }

        output.Advance(i);
        output.Write(packet.Payload.Span);
        return headerSize + packet.Payload.Length;
    }

    private static int WritePublishResponse(PublishResponsePacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var firstByte = packet.Type switch
        {
            MqttPacketType.PubAck => (byte)0x40,
            MqttPacketType.PubRec => (byte)0x50,
            MqttPacketType.PubRel => (byte)0x62,
            _ => (byte)0x70,
        };
        var v5 = version == MqttProtocolVersion.V500;
        if (!v5 || (packet.ReasonCode == MqttReasonCode.Success && packet.Properties is null))
        {
            var span = output.GetSpan(4);
            span[0] = firstByte;
            span[1] = 2;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], packet.PacketId);
            output.Advance(4);
            return 4;
        }

        var propertiesSize = MqttPropertyCodec.GetSize(packet.Properties);
        var remaining = CheckRemaining(3L + (packet.Properties is null ? 0 : MqttPropertyCodec.GetBlockSize(propertiesSize)));
        var total = 1 + RemainingLength.GetSize(remaining) + remaining;
        var body = output.GetSpan(total);
        body[0] = firstByte;
        var i = 1 + RemainingLength.Write(remaining, body[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[i..], packet.PacketId);
        i += 2;
        body[i++] = (byte)packet.ReasonCode;
        if (packet.Properties is not null)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, body[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int WriteEmpty(byte firstByte, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = firstByte;
        span[1] = 0;
        output.Advance(2);
        return 2;
    }

    /// <summary>DISCONNECT and AUTH: on MQTT 5 an optional reason code and optional properties; on MQTT 3.1.1 empty.</summary>
    private static int WriteReasonOnly(byte firstByte, MqttReasonCode reasonCode, MqttProperties? properties, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        if (version != MqttProtocolVersion.V500 || (reasonCode == MqttReasonCode.Success && properties is null))
        {
            return WriteEmpty(firstByte, output);
        }

        var propertiesSize = MqttPropertyCodec.GetSize(properties);
        var remaining = CheckRemaining(1L + (properties is null ? 0 : MqttPropertyCodec.GetBlockSize(propertiesSize)));
        var span = output.GetSpan(1 + RemainingLength.GetSize(remaining) + remaining);
        span[0] = firstByte;
        var i = 1 + RemainingLength.Write(remaining, span[1..]);
        span[i++] = (byte)reasonCode;
        if (properties is not null)
        {
            i += MqttPropertyCodec.Write(properties, propertiesSize, span[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int WriteConnect(ConnectPacket packet, IBufferWriter<byte> output)
    {
        var v5 = packet.ProtocolVersion == MqttProtocolVersion.V500;
        var clientIdBytes = StringSize(packet.ClientId);
        var propertiesSize = v5 ? MqttPropertyCodec.GetSize(packet.Properties) : 0;
        var remaining = 10L + (v5 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0) + 2 + clientIdBytes;
        byte flags = packet.CleanSession ? (byte)0x02 : (byte)0;
        int willTopicBytes = 0;
        int willPropertiesSize = 0;
        if (packet.Will is { } will)
        {
            willTopicBytes = StringSize(will.Topic);
            if (v5)
            {
                willPropertiesSize = MqttPropertyCodec.GetSize(will.Properties);
                remaining += MqttPropertyCodec.GetBlockSize(willPropertiesSize);
            }

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
        span[i++] = (byte)packet.ProtocolVersion;
        span[i++] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.KeepAliveSeconds);
        i += 2;
        if (v5)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, span[i..]);
        }

        i += WriteString(packet.ClientId, clientIdBytes, span[i..]);
        if (packet.Will is { } w)
        {
            if (v5)
            {
                i += MqttPropertyCodec.Write(w.Properties, willPropertiesSize, span[i..]);
            }

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

    private static int WriteConnAck(ConnAckPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var propertiesSize = v5 ? MqttPropertyCodec.GetSize(packet.Properties) : 0;
        var remaining = CheckRemaining(2L + (v5 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0));
        var span = output.GetSpan(1 + RemainingLength.GetSize(remaining) + remaining);
        span[0] = 0x20;
        var i = 1 + RemainingLength.Write(remaining, span[1..]);
        span[i++] = packet.SessionPresent ? (byte)1 : (byte)0;
        span[i++] = packet.Code;
        if (v5)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, span[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int WriteSubscribe(SubscribePacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var propertiesSize = v5 ? MqttPropertyCodec.GetSize(packet.Properties) : 0;
        var remaining = 2L + (v5 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0);
        foreach (var filter in packet.Filters)
        {
            remaining += 2 + StringSize(filter.Filter) + 1;
        }

        var length = CheckRemaining(remaining);
        var span = output.GetSpan(1 + RemainingLength.GetSize(length) + length);
        span[0] = 0x82;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
        i += 2;
        if (v5)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, span[i..]);
        }

        foreach (var filter in packet.Filters)
        {
            i += WriteString(filter.Filter, Encoding.UTF8.GetByteCount(filter.Filter), span[i..]);
            span[i++] = v5 ? SubscriptionOptions(filter) : (byte)filter.MaximumQos;
        }

        output.Advance(i);
        return i;
    }

    /// <summary>MQTT 5 subscription options byte (section 3.8.3.1): QoS, no-local, retain-as-published, retain handling.</summary>
    public static byte SubscriptionOptions(MqttTopicFilter filter) => (byte)(
        (int)filter.MaximumQos
        | (filter.NoLocal ? 0x04 : 0)
        | (filter.RetainAsPublished ? 0x08 : 0)
        | ((int)filter.RetainHandling << 4));

    private static int WriteSubAck(SubAckPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output) =>
        WriteAckWithCodes(0x90, packet.PacketId, packet.Properties, packet.ReturnCodes, version, output);

    private static int WriteUnsubAck(UnsubAckPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output) =>
        version == MqttProtocolVersion.V500
            ? WriteAckWithCodes(0xB0, packet.PacketId, packet.Properties, packet.ReasonCodes ?? [], version, output)
            : WriteAckWithCodes(0xB0, packet.PacketId, null, [], version, output);

    private static int WriteAckWithCodes(byte firstByte, ushort packetId, MqttProperties? properties, IReadOnlyList<byte> codes, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var propertiesSize = v5 ? MqttPropertyCodec.GetSize(properties) : 0;
        var length = CheckRemaining(2L + (v5 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0) + codes.Count);
        var span = output.GetSpan(1 + RemainingLength.GetSize(length) + length);
        span[0] = firstByte;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packetId);
        i += 2;
        if (v5)
        {
            i += MqttPropertyCodec.Write(properties, propertiesSize, span[i..]);
        }

        foreach (var code in codes)
        {
            span[i++] = code;
        }

        output.Advance(i);
        return i;
    }

    private static int WriteUnsubscribe(UnsubscribePacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var propertiesSize = v5 ? MqttPropertyCodec.GetSize(packet.Properties) : 0;
        var remaining = 2L + (v5 ? MqttPropertyCodec.GetBlockSize(propertiesSize) : 0);
        foreach (var filter in packet.Filters)
        {
            remaining += 2 + StringSize(filter);
        }

        var length = CheckRemaining(remaining);
        var span = output.GetSpan(1 + RemainingLength.GetSize(length) + length);
        span[0] = 0xA2;
        var i = 1 + RemainingLength.Write(length, span[1..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packet.PacketId);
        i += 2;
        if (v5)
        {
            i += MqttPropertyCodec.Write(packet.Properties, propertiesSize, span[i..]);
        }

        foreach (var filter in packet.Filters)
        {
            i += WriteString(filter, Encoding.UTF8.GetByteCount(filter), span[i..]);
        }

        output.Advance(i);
        return i;
    }

    private static int StringSize(string value) => CheckString(Encoding.UTF8.GetByteCount(value));

    private static int CheckString(int bytes) => bytes <= MqttStrings.MaxBytes
        ? bytes
        : throw new ArgumentException($"a string of {bytes} UTF-8 bytes exceeds the MQTT limit of {MqttStrings.MaxBytes}", nameof(bytes));

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
