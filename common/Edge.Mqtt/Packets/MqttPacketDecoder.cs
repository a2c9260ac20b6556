using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Edge.Mqtt.Packets;

/// <summary>
/// Parses MQTT 3.1.1 control packets incrementally from a <see cref="ReadOnlySequence{T}"/> (the connection's
/// PipeReader buffer). The fixed header is checked first (type, flags, remaining length, size limit), so an oversized
/// or malformed packet is refused before its body is buffered. Every defect is reported as an
/// <see cref="MqttProtocolViolationException"/>; nothing else escapes.
/// </summary>
internal static class MqttPacketDecoder
{
    private const int SmallStringBytes = 256;

    /// <summary>
    /// Decodes one packet from the start of <paramref name="buffer"/> and slices it off. Returns false, leaving
    /// <paramref name="buffer"/> as it was, when the packet is not complete yet.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxPacketBytes, [NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        if (buffer.IsEmpty)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[1 + RemainingLength.MaxBytes];
        var available = (int)Math.Min(header.Length, buffer.Length);
        buffer.Slice(0, available).CopyTo(header);
        header = header[..available];

        var type = (MqttPacketType)(header[0] >> 4);
        var flags = header[0] & 0x0F;
        CheckTypeAndFlags(type, flags);

        switch (RemainingLength.TryRead(header[1..], out var remaining, out var lengthBytes))
        {
            case OperationStatus.NeedMoreData:
                return false;
            case OperationStatus.InvalidData:
                throw new MqttProtocolViolationException($"malformed remaining length in a {type} packet: more than {RemainingLength.MaxBytes} bytes");
        }

        var total = 1L + lengthBytes + remaining;
        if (total > maxPacketBytes)
        {
            throw new MqttProtocolViolationException($"a {type} packet of {total} bytes exceeds the limit of {maxPacketBytes} bytes");
        }

        if (buffer.Length < total)
        {
            return false;
        }

        packet = DecodeBody(type, flags, buffer.Slice(1 + lengthBytes, remaining));
        buffer = buffer.Slice(total);
        return true;
    }

    private static void CheckTypeAndFlags(MqttPacketType type, int flags)
    {
        switch (type)
        {
            case < MqttPacketType.Connect or > MqttPacketType.Disconnect:
                throw new MqttProtocolViolationException($"unknown packet type {(int)type}");
            case MqttPacketType.Publish:
                var qos = (flags >> 1) & 0x03;
                if (qos == 3)
                {
                    throw new MqttProtocolViolationException("PUBLISH with QoS 3");
                }

                if (qos == 0 && (flags & 0x08) != 0)
                {
                    throw new MqttProtocolViolationException("PUBLISH with QoS 0 and the DUP flag set");
                }

                return;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                if (flags != 0x02)
                {
                    throw new MqttProtocolViolationException($"{type} with fixed-header flags 0x{flags:X1} (must be 0x2)");
                }

                return;
            default:
                if (flags != 0)
                {
                    throw new MqttProtocolViolationException($"{type} with fixed-header flags 0x{flags:X1} (must be 0x0)");
                }

                return;
        }
    }

    private static MqttPacket DecodeBody(MqttPacketType type, int flags, ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        MqttPacket packet = type switch
        {
            MqttPacketType.Publish => DecodePublish(ref reader, flags),
            MqttPacketType.PubAck => new PubAckPacket(ReadIdOnly(ref reader, type)),
            MqttPacketType.PubRec => new PubRecPacket(ReadIdOnly(ref reader, type)),
            MqttPacketType.PubRel => new PubRelPacket(ReadIdOnly(ref reader, type)),
            MqttPacketType.PubComp => new PubCompPacket(ReadIdOnly(ref reader, type)),
            MqttPacketType.UnsubAck => new UnsubAckPacket(ReadIdOnly(ref reader, type)),
            MqttPacketType.PingReq => ExpectEmpty(ref reader, PingReqPacket.Instance),
            MqttPacketType.PingResp => ExpectEmpty(ref reader, PingRespPacket.Instance),
            MqttPacketType.Disconnect => ExpectEmpty(ref reader, DisconnectPacket.Instance),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            _ => throw new MqttProtocolViolationException($"unknown packet type {(int)type}"),
        };

        if (!reader.End)
        {
            throw new MqttProtocolViolationException($"{type} has {reader.Remaining} unexpected trailing bytes");
        }

        return packet;
    }

    private static PublishPacket DecodePublish(ref SequenceReader<byte> reader, int flags)
    {
        var qos = (MqttQualityOfService)((flags >> 1) & 0x03);
        var topic = ReadString(ref reader, "PUBLISH topic name");
        if (topic.Length == 0)
        {
            throw new MqttProtocolViolationException("PUBLISH with an empty topic name");
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolViolationException("PUBLISH topic name contains a wildcard");
        }

        ushort packetId = 0;
        if (qos > MqttQualityOfService.AtMostOnce)
        {
            packetId = ReadPacketId(ref reader, MqttPacketType.Publish);
        }

        var payload = reader.UnreadSequence.ToArray();
        reader.AdvanceToEnd();
        return new PublishPacket(topic, payload, qos, Retain: (flags & 0x01) != 0, Duplicate: (flags & 0x08) != 0, packetId);
    }

    private static ushort ReadIdOnly(ref SequenceReader<byte> reader, MqttPacketType type)
    {
        if (reader.Remaining != 2)
        {
            throw new MqttProtocolViolationException($"{type} with a remaining length of {reader.Remaining} (must be 2)");
        }

        return ReadPacketId(ref reader, type);
    }

    private static MqttPacket ExpectEmpty(ref SequenceReader<byte> reader, MqttPacket packet) => reader.End
        ? packet
        : throw new MqttProtocolViolationException($"{packet.Type} with a remaining length of {reader.Remaining} (must be 0)");

    private static ConnAckPacket DecodeConnAck(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining != 2)
        {
            throw new MqttProtocolViolationException($"CONNACK with a remaining length of {reader.Remaining} (must be 2)");
        }

        var acknowledgeFlags = ReadByte(ref reader, "CONNACK");
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolViolationException($"CONNACK with reserved acknowledge flags 0x{acknowledgeFlags:X2}");
        }

        var code = ReadByte(ref reader, "CONNACK");
        if (code > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolViolationException($"CONNACK with the reserved return code {code}");
        }

        return new ConnAckPacket(SessionPresent: acknowledgeFlags == 1, (MqttConnectReturnCode)code);
    }

    private static ConnectPacket DecodeConnect(ref SequenceReader<byte> reader)
    {
        var protocol = ReadString(ref reader, "CONNECT protocol name");
        var level = ReadByte(ref reader, "CONNECT");
        if (protocol != "MQTT" || level != 4)
        {
            throw new MqttProtocolViolationException($"CONNECT for protocol \"{protocol}\" level {level} (only MQTT level 4 is spoken)");
        }

        var flags = ReadByte(ref reader, "CONNECT");
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolViolationException("CONNECT with the reserved flag set");
        }

        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        if (willQos == 3 || (!hasWill && (willQos != 0 || willRetain)))
        {
            throw new MqttProtocolViolationException($"CONNECT with inconsistent will flags 0x{flags:X2}");
        }

        var hasUsername = (flags & 0x80) != 0;
        var hasPassword = (flags & 0x40) != 0;
        if (hasPassword && !hasUsername)
        {
            throw new MqttProtocolViolationException("CONNECT with a password but no user name");
        }

        var keepAlive = ReadUInt16(ref reader, "CONNECT");
        var clientId = ReadString(ref reader, "CONNECT client identifier");
        MqttWill? will = null;
        if (hasWill)
        {
            var willTopic = ReadString(ref reader, "CONNECT will topic");
            var willPayload = ReadBinary(ref reader, "CONNECT will message");
            will = new MqttWill(willTopic, willPayload, (MqttQualityOfService)willQos, willRetain);
        }

        var username = hasUsername ? ReadString(ref reader, "CONNECT user name") : null;
        // The cast matters: "cond ? byte[] : null" would be a null array, which converts to an empty, present password.
        var password = hasPassword ? ReadBinary(ref reader, "CONNECT password") : (ReadOnlyMemory<byte>?)null;
        return new ConnectPacket(clientId, keepAlive, CleanSession: (flags & 0x02) != 0, username, password, will);
    }

    private static SubscribePacket DecodeSubscribe(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Subscribe);
        var filters = new List<MqttTopicFilter>();
        while (!reader.End)
        {
            var filter = ReadString(ref reader, "SUBSCRIBE topic filter");
            var options = ReadByte(ref reader, "SUBSCRIBE");
            if (options > 2)
            {
                throw new MqttProtocolViolationException($"SUBSCRIBE with requested QoS byte 0x{options:X2}");
            }

            filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)options));
        }

        return filters.Count > 0
            ? new SubscribePacket(packetId, filters)
            : throw new MqttProtocolViolationException("SUBSCRIBE without a topic filter");
    }

    private static SubAckPacket DecodeSubAck(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.SubAck);
        if (reader.End)
        {
            throw new MqttProtocolViolationException("SUBACK without a return code");
        }

        var codes = new byte[reader.Remaining];
        reader.TryCopyTo(codes);
        reader.AdvanceToEnd();
        foreach (var code in codes)
        {
            if (code > 2 && code != SubAckPacket.Failure)
            {
                throw new MqttProtocolViolationException($"SUBACK with the reserved return code 0x{code:X2}");
            }
        }

        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Unsubscribe);
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(ReadString(ref reader, "UNSUBSCRIBE topic filter"));
        }

        return filters.Count > 0
            ? new UnsubscribePacket(packetId, filters)
            : throw new MqttProtocolViolationException("UNSUBSCRIBE without a topic filter");
    }

    private static byte ReadByte(ref SequenceReader<byte> reader, string what) =>
        reader.TryRead(out var value) ? value : throw Truncated(what);

    private static ushort ReadUInt16(ref SequenceReader<byte> reader, string what) =>
        reader.TryReadBigEndian(out short value) ? (ushort)value : throw Truncated(what);

    private static ushort ReadPacketId(ref SequenceReader<byte> reader, MqttPacketType type)
    {
        var id = ReadUInt16(ref reader, type.ToString());
        return id != 0 ? id : throw new MqttProtocolViolationException($"{type} with packet identifier 0");
    }

    private static string ReadString(ref SequenceReader<byte> reader, string what)
    {
        var length = ReadUInt16(ref reader, what);
        if (reader.Remaining < length)
        {
            throw Truncated(what);
        }

        string value;
        if (reader.UnreadSpan.Length >= length)
        {
            value = MqttStrings.Decode(reader.UnreadSpan[..length], what);
        }
        else if (length <= SmallStringBytes)
        {
            Span<byte> copy = stackalloc byte[length];
            reader.TryCopyTo(copy);
            value = MqttStrings.Decode(copy, what);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                reader.TryCopyTo(rented.AsSpan(0, length));
                value = MqttStrings.Decode(rented.AsSpan(0, length), what);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        reader.Advance(length);
        return value;
    }

    private static byte[] ReadBinary(ref SequenceReader<byte> reader, string what)
    {
        var length = ReadUInt16(ref reader, what);
        if (reader.Remaining < length)
        {
            throw Truncated(what);
        }

        var value = new byte[length];
        reader.TryCopyTo(value);
        reader.Advance(length);
        return value;
    }

    private static MqttProtocolViolationException Truncated(string what) => new($"{what} is truncated (the packet ends inside it)");
}
