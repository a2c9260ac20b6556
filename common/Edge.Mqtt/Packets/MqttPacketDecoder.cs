using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Edge.Mqtt.Packets;

/// <summary>
/// Parses control packets of MQTT 3.1.1 or MQTT 5 incrementally from a <see cref="ReadOnlySequence{T}"/> (the
/// connection's PipeReader buffer). The fixed header is checked first (type, flags, remaining length, size limit), so
/// an oversized or malformed packet is refused before its body is buffered. Every defect is reported as an
/// <see cref="MqttProtocolViolationException"/> naming the MQTT 5 reason (Malformed Packet, Protocol Error, Packet too
/// large); nothing else escapes. CONNECT names its own version (level 4 or 5) and is read as that.
/// </summary>
internal static class MqttPacketDecoder
{
    private const int SmallStringBytes = 256;

    /// <summary>Decodes one MQTT 3.1.1 packet; see the overload with a version.</summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxPacketBytes, [NotNullWhen(true)] out MqttPacket? packet) =>
        TryDecode(ref buffer, maxPacketBytes, MqttProtocolVersion.V311, out packet);

    /// <summary>
    /// Decodes one packet from the start of <paramref name="buffer"/> and slices it off. Returns false, leaving
    /// <paramref name="buffer"/> as it was, when the packet is not complete yet.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxPacketBytes, MqttProtocolVersion version, [NotNullWhen(true)] out MqttPacket? packet)
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
        CheckTypeAndFlags(type, flags, version);

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
            throw new MqttProtocolViolationException(
                $"a {type} packet of {total} bytes exceeds the limit of {maxPacketBytes} bytes",
                version == MqttProtocolVersion.V500 ? MqttReasonCode.PacketTooLarge : MqttReasonCode.MalformedPacket);
        }

        if (buffer.Length < total)
        {
            return false;
        }

        packet = DecodeBody(type, flags, version, buffer.Slice(1 + lengthBytes, remaining));
        buffer = buffer.Slice(total);
        return true;
    }

    private static void CheckTypeAndFlags(MqttPacketType type, int flags, MqttProtocolVersion version)
    {
        switch (type)
        {
            case < MqttPacketType.Connect or > MqttPacketType.Auth:
            case MqttPacketType.Auth when version != MqttProtocolVersion.V500:
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

    private static MqttPacket DecodeBody(MqttPacketType type, int flags, MqttProtocolVersion version, ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        var v5 = version == MqttProtocolVersion.V500;
        MqttPacket packet = type switch
        {
            MqttPacketType.Publish => DecodePublish(ref reader, flags, v5),
            MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp => DecodePublishResponse(ref reader, type, v5),
            MqttPacketType.UnsubAck => DecodeUnsubAck(ref reader, v5),
            MqttPacketType.PingReq => ExpectEmpty(ref reader, PingReqPacket.Instance),
            MqttPacketType.PingResp => ExpectEmpty(ref reader, PingRespPacket.Instance),
            MqttPacketType.Disconnect => v5 ? DecodeDisconnect(ref reader) : ExpectEmpty(ref reader, DisconnectPacket.Instance),
            MqttPacketType.Auth => DecodeAuth(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader, v5),
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader, v5),
            MqttPacketType.SubAck => DecodeSubAck(ref reader, v5),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader, v5),
            _ => throw new MqttProtocolViolationException($"unknown packet type {(int)type}"),
        };

        if (!reader.End)
        {
            throw new MqttProtocolViolationException($"{type} has {reader.Remaining} unexpected trailing bytes");
        }

        return packet;
    }

    private static PublishPacket DecodePublish(ref SequenceReader<byte> reader, int flags, bool v5)
    {
        var qos = (MqttQualityOfService)((flags >> 1) & 0x03);
        var topic = ReadString(ref reader, "PUBLISH topic name");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw MqttProtocolViolationException.ProtocolError("PUBLISH topic name contains a wildcard");
        }

        ushort packetId = 0;
        if (qos > MqttQualityOfService.AtMostOnce)
        {
            packetId = ReadPacketId(ref reader, MqttPacketType.Publish);
        }

        var properties = v5 ? MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Publish, "PUBLISH") : null;

        // MQTT 5 allows an empty topic name with a topic alias (section 3.3.2.3.4); the client resolves the alias.
        if (topic.Length == 0 && properties?.TopicAlias is null)
        {
            throw MqttProtocolViolationException.ProtocolError("PUBLISH with an empty topic name" + (v5 ? " and no topic alias" : string.Empty));
        }

        var payload = reader.UnreadSequence.ToArray();
        reader.AdvanceToEnd();
        return new PublishPacket(topic, payload, qos, Retain: (flags & 0x01) != 0, Duplicate: (flags & 0x08) != 0, packetId) { Properties = properties };
    }

    private static PublishResponsePacket DecodePublishResponse(ref SequenceReader<byte> reader, MqttPacketType type, bool v5)
    {
        if (!v5 ? reader.Remaining != 2 : reader.Remaining < 2)
        {
            throw new MqttProtocolViolationException($"{type} with a remaining length of {reader.Remaining} (must be {(v5 ? "at least 2" : "2")})");
        }

        var packetId = ReadPacketId(ref reader, type);
        var reasonCode = MqttReasonCode.Success;
        MqttProperties? properties = null;
        if (!reader.End)
        {
            reasonCode = MqttReasonCodes.Check(type, ReadByte(ref reader, type.ToString()));
            if (!reader.End)
            {
                properties = MqttPropertyCodec.Read(ref reader, MqttPropertyContext.PublishResponse, type.ToString());
            }
        }

        return type switch
        {
            MqttPacketType.PubAck => new PubAckPacket(packetId) { ReasonCode = reasonCode, Properties = properties },
            MqttPacketType.PubRec => new PubRecPacket(packetId) { ReasonCode = reasonCode, Properties = properties },
            MqttPacketType.PubRel => new PubRelPacket(packetId) { ReasonCode = reasonCode, Properties = properties },
            _ => new PubCompPacket(packetId) { ReasonCode = reasonCode, Properties = properties },
        };
    }

    private static UnsubAckPacket DecodeUnsubAck(ref SequenceReader<byte> reader, bool v5)
    {
        if (!v5)
        {
            if (reader.Remaining != 2)
            {
                throw new MqttProtocolViolationException($"UnsubAck with a remaining length of {reader.Remaining} (must be 2)");
            }

            return new UnsubAckPacket(ReadPacketId(ref reader, MqttPacketType.UnsubAck));
        }

        var packetId = ReadPacketId(ref reader, MqttPacketType.UnsubAck);
        var properties = MqttPropertyCodec.Read(ref reader, MqttPropertyContext.UnsubAck, "UNSUBACK");
        var codes = ReadReasonCodes(ref reader, MqttPacketType.UnsubAck, "UNSUBACK");
        return new UnsubAckPacket(packetId) { ReasonCodes = codes, Properties = properties };
    }

    private static byte[] ReadReasonCodes(ref SequenceReader<byte> reader, MqttPacketType type, string name)
    {
        if (reader.End)
        {
            throw MqttProtocolViolationException.ProtocolError($"{name} without a reason code");
        }

        var codes = new byte[reader.Remaining];
        reader.TryCopyTo(codes);
        reader.AdvanceToEnd();
        foreach (var code in codes)
        {
            MqttReasonCodes.Check(type, code);
        }

        return codes;
    }

    private static DisconnectPacket DecodeDisconnect(ref SequenceReader<byte> reader)
    {
        if (reader.End)
        {
            return DisconnectPacket.Instance;
        }

        var reasonCode = MqttReasonCodes.Check(MqttPacketType.Disconnect, ReadByte(ref reader, "DISCONNECT"));
        var properties = reader.End ? null : MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Disconnect, "DISCONNECT");
        return new DisconnectPacket { ReasonCode = reasonCode, Properties = properties };
    }

    private static AuthPacket DecodeAuth(ref SequenceReader<byte> reader)
    {
        if (reader.End)
        {
            return new AuthPacket();
        }

        var reasonCode = MqttReasonCodes.Check(MqttPacketType.Auth, ReadByte(ref reader, "AUTH"));
        var properties = reader.End ? null : MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Auth, "AUTH");
        return new AuthPacket { ReasonCode = reasonCode, Properties = properties };
    }

    private static MqttPacket ExpectEmpty(ref SequenceReader<byte> reader, MqttPacket packet) => reader.End
        ? packet
        : throw new MqttProtocolViolationException($"{packet.Type} with a remaining length of {reader.Remaining} (must be 0)");

    private static ConnAckPacket DecodeConnAck(ref SequenceReader<byte> reader, bool v5)
    {
        if (v5 && reader.Remaining == 2 && reader.UnreadSpan.Length >= 2 && reader.UnreadSpan[0] == 0 && reader.UnreadSpan[1] == 1)
        {
            // An MQTT 3.1.1 server refusing the MQTT 5 CONNECT with its own "unacceptable protocol version" (section 3.1.2.2).
            reader.Advance(2);
            return new ConnAckPacket(false, MqttReasonCode.UnsupportedProtocolVersion);
        }

        if (!v5 ? reader.Remaining != 2 : reader.Remaining < 3)
        {
            throw new MqttProtocolViolationException($"CONNACK with a remaining length of {reader.Remaining} (must be {(v5 ? "at least 3" : "2")})");
        }

        var acknowledgeFlags = ReadByte(ref reader, "CONNACK");
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolViolationException($"CONNACK with reserved acknowledge flags 0x{acknowledgeFlags:X2}");
        }

        var code = ReadByte(ref reader, "CONNACK");
        if (!v5)
        {
            if (code > (byte)MqttConnectReturnCode.NotAuthorized)
            {
                throw new MqttProtocolViolationException($"CONNACK with the reserved return code {code}");
            }

            return new ConnAckPacket(SessionPresent: acknowledgeFlags == 1, code);
        }

        MqttReasonCodes.Check(MqttPacketType.ConnAck, code);
        if (acknowledgeFlags == 1 && code != 0)
        {
            throw MqttProtocolViolationException.ProtocolError($"CONNACK refusing (0x{code:X2}) with session present set");
        }

        var properties = MqttPropertyCodec.Read(ref reader, MqttPropertyContext.ConnAck, "CONNACK");
        return new ConnAckPacket(SessionPresent: acknowledgeFlags == 1, code) { Properties = properties };
    }

    private static ConnectPacket DecodeConnect(ref SequenceReader<byte> reader)
    {
        var protocol = ReadString(ref reader, "CONNECT protocol name");
        var level = ReadByte(ref reader, "CONNECT");
        if (protocol != "MQTT" || level is not (4 or 5))
        {
            throw MqttProtocolViolationException.ProtocolError($"CONNECT for protocol \"{protocol}\" level {level} (only MQTT levels 4 and 5 are spoken)");
        }

        var v5 = level == 5;
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
        if (hasPassword && !hasUsername && !v5)
        {
            throw new MqttProtocolViolationException("CONNECT with a password but no user name");
        }

        var keepAlive = ReadUInt16(ref reader, "CONNECT");
        var properties = v5 ? MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Connect, "CONNECT") : null;
        var clientId = ReadString(ref reader, "CONNECT client identifier");
        MqttWill? will = null;
        if (hasWill)
        {
            var willProperties = v5 ? MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Will, "CONNECT will") : null;
            var willTopic = ReadString(ref reader, "CONNECT will topic");
            var willPayload = ReadBinary(ref reader, "CONNECT will message");
            will = new MqttWill(willTopic, willPayload, (MqttQualityOfService)willQos, willRetain) { Properties = willProperties };
        }

        var username = hasUsername ? ReadString(ref reader, "CONNECT user name") : null;
        // The cast matters: "cond ? byte[] : null" would be a null array, which converts to an empty, present password.
        var password = hasPassword ? ReadBinary(ref reader, "CONNECT password") : (ReadOnlyMemory<byte>?)null;
        return new ConnectPacket(clientId, keepAlive, CleanSession: (flags & 0x02) != 0, username, password, will)
        {
            ProtocolVersion = v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            Properties = properties,
        };
    }

    private static SubscribePacket DecodeSubscribe(ref SequenceReader<byte> reader, bool v5)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Subscribe);
        var properties = v5 ? MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Subscribe, "SUBSCRIBE") : null;
        var filters = new List<MqttTopicFilter>();
        while (!reader.End)
        {
            var filter = ReadString(ref reader, "SUBSCRIBE topic filter");
            var options = ReadByte(ref reader, "SUBSCRIBE");
            if (!v5)
            {
                if (options > 2)
                {
                    throw new MqttProtocolViolationException($"SUBSCRIBE with requested QoS byte 0x{options:X2}");
                }

                filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)options));
                continue;
            }

            if ((options & 0xC0) != 0 || (options & 0x03) == 3)
            {
                throw new MqttProtocolViolationException($"SUBSCRIBE with subscription options 0x{options:X2} (reserved bits or QoS 3)");
            }

            var retainHandling = (options >> 4) & 0x03;
            if (retainHandling == 3)
            {
                throw MqttProtocolViolationException.ProtocolError("SUBSCRIBE with retain handling 3");
            }

            filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)(options & 0x03))
            {
                NoLocal = (options & 0x04) != 0,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = (MqttRetainHandling)retainHandling,
            });
        }

        return filters.Count > 0
            ? new SubscribePacket(packetId, filters) { Properties = properties }
            : throw MqttProtocolViolationException.ProtocolError("SUBSCRIBE without a topic filter");
    }

    private static SubAckPacket DecodeSubAck(ref SequenceReader<byte> reader, bool v5)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.SubAck);
        if (v5)
        {
            var properties = MqttPropertyCodec.Read(ref reader, MqttPropertyContext.SubAck, "SUBACK");
            return new SubAckPacket(packetId, ReadReasonCodes(ref reader, MqttPacketType.SubAck, "SUBACK")) { Properties = properties };
        }

        if (reader.End)
        {
            throw MqttProtocolViolationException.ProtocolError("SUBACK without a return code");
        }

        var codes = new byte[reader.Remaining];
        reader.TryCopyTo(codes);
        reader.AdvanceToEnd();
        foreach (var code in codes)
        {
            if (code > 2 && code != SubAckPacket.Failure)
            {
                throw MqttProtocolViolationException.ProtocolError($"SUBACK with the reserved return code 0x{code:X2}");
            }
        }

        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref SequenceReader<byte> reader, bool v5)
    {
        var packetId = ReadPacketId(ref reader, MqttPacketType.Unsubscribe);
        var properties = v5 ? MqttPropertyCodec.Read(ref reader, MqttPropertyContext.Unsubscribe, "UNSUBSCRIBE") : null;
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(ReadString(ref reader, "UNSUBSCRIBE topic filter"));
        }

        return filters.Count > 0
            ? new UnsubscribePacket(packetId, filters) { Properties = properties }
            : throw MqttProtocolViolationException.ProtocolError("UNSUBSCRIBE without a topic filter");
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
