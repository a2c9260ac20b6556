using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Edge.Mqtt.Packets;

/// <summary>
/// Reads and writes MQTT 5 property blocks (section 2.2.2): a variable byte integer length, then identifier/value
/// pairs. Reading enforces the table of section 2.2.2.2: a property not allowed where it appears (or unknown) is a
/// Malformed Packet, a property repeated where the spec forbids it is a Protocol Error, as is a value outside its range.
/// </summary>
internal static partial class MqttPropertyCodec
{
    private enum Kind : byte
    {
        None,
        Byte,
        TwoByte,
        FourByte,
        VariableByteInteger,
        String,
        Binary,
        StringPair,
    }

    private static readonly (Kind Kind, int Contexts)[] Table = BuildTable();

    /// <summary>The size of the properties themselves, without the length prefix.</summary>
    public static int GetSize(MqttProperties? properties)
    {
        if (properties is null)
        {
            return 0;
        }

        var writer = new Writer([], measureOnly: true);
        Visit(properties, ref writer);
        return writer.Position <= RemainingLength.Max
            ? writer.Position
            : throw new ArgumentException($"properties of {writer.Position} bytes exceed the MQTT limit of {RemainingLength.Max}", nameof(properties));
    }

    /// <summary>The size of the whole block: the length prefix and <paramref name="propertiesSize"/> bytes of properties.</summary>
    public static int GetBlockSize(int propertiesSize) => RemainingLength.GetSize(propertiesSize) + propertiesSize;

    /// <summary>Writes the length prefix and the properties (<paramref name="propertiesSize"/> from <see cref="GetSize"/>); returns the bytes written.</summary>
    public static int Write(MqttProperties? properties, int propertiesSize, Span<byte> destination)
    {
        var prefix = RemainingLength.Write(propertiesSize, destination);
        if (properties is null)
        {
            return prefix;
        }

        var writer = new Writer(destination[prefix..], measureOnly: false);
        Visit(properties, ref writer);
        return prefix + writer.Position;
    }

    /// <summary>Reads a property block; null when it is empty.</summary>
    public static MqttProperties? Read(ref SequenceReader<byte> reader, MqttPropertyContext context, string packet)
    {
        var length = ReadVariableByteInteger(ref reader, $"{packet} property length");
        if (length == 0)
        {
            return null;
        }

        if (reader.Remaining < length)
        {
            throw new MqttProtocolViolationException($"{packet} property length {length} exceeds the {reader.Remaining} bytes left in the packet");
        }

        var block = new SequenceReader<byte>(reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        var builder = new Builder();
        ulong seen = 0;
        while (!block.End)
        {
            var idValue = ReadVariableByteInteger(ref block, $"{packet} property identifier");
            if (idValue >= Table.Length || Table[idValue].Kind == Kind.None)
            {
                throw new MqttProtocolViolationException($"{packet} has an unknown property identifier 0x{idValue:X2}");
            }

            var id = (MqttPropertyId)idValue;
            if ((Table[idValue].Contexts & (1 << (int)context)) == 0)
            {
                throw new MqttProtocolViolationException($"{packet} carries the property {id}, which is not allowed there");
            }

            var bit = 1UL << idValue;
            var repeatable = id == MqttPropertyId.UserProperty || (id == MqttPropertyId.SubscriptionIdentifier && context == MqttPropertyContext.Publish);
            if ((seen & bit) != 0 && !repeatable)
            {
                throw MqttProtocolViolationException.ProtocolError($"{packet} carries the property {id} more than once");
            }

            seen |= bit;
            ReadValue(ref block, id, Table[idValue].Kind, builder, packet);
        }

        return builder.Build();
    }

    /// <summary>Reads a variable byte integer (section 1.5.5) inside a packet whose bytes have all arrived.</summary>
    public static int ReadVariableByteInteger(ref SequenceReader<byte> reader, string what)
    {
        Span<byte> bytes = stackalloc byte[RemainingLength.MaxBytes];
        var available = (int)Math.Min(bytes.Length, reader.Remaining);
        reader.TryCopyTo(bytes[..available]);
        switch (RemainingLength.TryRead(bytes[..available], out var value, out var consumed))
        {
            case OperationStatus.Done:
                reader.Advance(consumed);
                return value;
            case OperationStatus.NeedMoreData:
                throw new MqttProtocolViolationException($"{what} is truncated (the packet ends inside it)");
            default:
                throw new MqttProtocolViolationException($"{what} is a malformed variable byte integer (more than {RemainingLength.MaxBytes} bytes)");
        }
    }

    private static void ReadValue(ref SequenceReader<byte> reader, MqttPropertyId id, Kind kind, Builder builder, string packet)
    {
        var what = $"{packet} property {id}";
        switch (kind)
        {
            case Kind.Byte:
                var b = reader.TryRead(out var value) ? value : throw Truncated(what);
                if (b > 1)
                {
                    throw MqttProtocolViolationException.ProtocolError($"{what} has the value {b} (must be 0 or 1)");
                }

                builder.SetByte(id, b);
                break;
            case Kind.TwoByte:
                var u16 = reader.TryReadBigEndian(out short s) ? (ushort)s : throw Truncated(what);
                if (u16 == 0 && id == MqttPropertyId.ReceiveMaximum)
                {
                    throw MqttProtocolViolationException.ProtocolError($"{what} is 0");
                }

                builder.SetTwoByte(id, u16);
                break;
            case Kind.FourByte:
                var u32 = reader.TryReadBigEndian(out int i) ? (uint)i : throw Truncated(what);
                if (u32 == 0 && id == MqttPropertyId.MaximumPacketSize)
                {
                    throw MqttProtocolViolationException.ProtocolError($"{what} is 0");
                }

                builder.SetFourByte(id, u32);
                break;
            case Kind.VariableByteInteger:
                var number = ReadVariableByteInteger(ref reader, what);
                if (number == 0)
                {
                    throw MqttProtocolViolationException.ProtocolError($"{what} is 0");
                }

                (builder.SubscriptionIdentifiers ??= []).Add(number);
                break;
            case Kind.String:
                builder.SetString(id, ReadString(ref reader, what));
                break;
            case Kind.Binary:
                builder.SetBinary(id, ReadBinary(ref reader, what));
                break;
            default:
                var name = ReadString(ref reader, what + " name");
                var pairValue = ReadString(ref reader, what + " value");
                (builder.UserProperties ??= []).Add(new MqttUserProperty(name, pairValue));
                break;
        }
    }

    private static string ReadString(ref SequenceReader<byte> reader, string what)
    {
        var length = reader.TryReadBigEndian(out short s) ? (ushort)s : throw Truncated(what);
        if (reader.Remaining < length)
        {
            throw Truncated(what);
        }

        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        return MqttStrings.Decode(bytes, what);
    }

    private static byte[] ReadBinary(ref SequenceReader<byte> reader, string what)
    {
        var length = reader.TryReadBigEndian(out short s) ? (ushort)s : throw Truncated(what);
        if (reader.Remaining < length)
        {
            throw Truncated(what);
        }

        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        return bytes;
    }

    private static MqttProtocolViolationException Truncated(string what) => new($"{what} is truncated (it runs past the end of the properties)");

    private static void Visit(MqttProperties p, ref Writer w)
    {
        if (p.PayloadFormatIndicator is { } payloadFormat)
        {
            w.Byte(MqttPropertyId.PayloadFormatIndicator, payloadFormat);
        }

        if (p.MessageExpiryInterval is { } messageExpiry)
        {
            w.FourByte(MqttPropertyId.MessageExpiryInterval, messageExpiry);
        }

        w.String(MqttPropertyId.ContentType, p.ContentType);
        w.String(MqttPropertyId.ResponseTopic, p.ResponseTopic);
        w.Binary(MqttPropertyId.CorrelationData, p.CorrelationData);
        if (p.SubscriptionIdentifiers is { } subscriptionIdentifiers)
        {
            foreach (var identifier in subscriptionIdentifiers)
            {
                w.VariableByteInteger(MqttPropertyId.SubscriptionIdentifier, identifier);
            }
        }

        if (p.SessionExpiryInterval is { } sessionExpiry)
        {
            w.FourByte(MqttPropertyId.SessionExpiryInterval, sessionExpiry);
        }

        w.String(MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier);
        if (p.ServerKeepAlive is { } serverKeepAlive)
        {
            w.TwoByte(MqttPropertyId.ServerKeepAlive, serverKeepAlive);
        }

        w.String(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        w.Binary(MqttPropertyId.AuthenticationData, p.AuthenticationData);
        if (p.RequestProblemInformation is { } requestProblem)
        {
            w.Byte(MqttPropertyId.RequestProblemInformation, requestProblem);
        }

        if (p.WillDelayInterval is { } willDelay)
        {
            w.FourByte(MqttPropertyId.WillDelayInterval, willDelay);
        }

        if (p.RequestResponseInformation is { } requestResponse)
        {
            w.Byte(MqttPropertyId.RequestResponseInformation, requestResponse);
        }

        w.String(MqttPropertyId.ResponseInformation, p.ResponseInformation);
        w.String(MqttPropertyId.ServerReference, p.ServerReference);
        w.String(MqttPropertyId.ReasonString, p.ReasonString);
        if (p.ReceiveMaximum is { } receiveMaximum)
        {
            w.TwoByte(MqttPropertyId.ReceiveMaximum, receiveMaximum);
        }

        if (p.TopicAliasMaximum is { } topicAliasMaximum)
        {
            w.TwoByte(MqttPropertyId.TopicAliasMaximum, topicAliasMaximum);
        }

        if (p.TopicAlias is { } topicAlias)
        {
            w.TwoByte(MqttPropertyId.TopicAlias, topicAlias);
        }

        if (p.MaximumQos is { } maximumQos)
        {
            w.Byte(MqttPropertyId.MaximumQos, maximumQos);
        }

        if (p.RetainAvailable is { } retainAvailable)
        {
            w.Byte(MqttPropertyId.RetainAvailable, retainAvailable);
        }

        if (p.UserProperties is { } userProperties)
        {
            foreach (var property in userProperties)
            {
                w.Pair(property.Name, property.Value);
            }
        }

        if (p.MaximumPacketSize is { } maximumPacketSize)
        {
            w.FourByte(MqttPropertyId.MaximumPacketSize, maximumPacketSize);
        }

        if (p.WildcardSubscriptionAvailable is { } wildcard)
        {
            w.Byte(MqttPropertyId.WildcardSubscriptionAvailable, wildcard);
        }

        if (p.SubscriptionIdentifierAvailable is { } subscriptionIdentifier)
        {
            w.Byte(MqttPropertyId.SubscriptionIdentifierAvailable, subscriptionIdentifier);
        }

        if (p.SharedSubscriptionAvailable is { } shared)
        {
            w.Byte(MqttPropertyId.SharedSubscriptionAvailable, shared);
        }
    }

    private static (Kind, int)[] BuildTable()
    {
        var table = new (Kind, int)[(int)MqttPropertyId.SharedSubscriptionAvailable + 1];
        void Add(MqttPropertyId id, Kind kind, params MqttPropertyContext[] contexts)
        {
            var mask = 0;
            foreach (var context in contexts)
            {
                mask |= 1 << (int)context;
            }

            table[(int)id] = (kind, mask);
        }

        const MqttPropertyContext connect = MqttPropertyContext.Connect;
        const MqttPropertyContext will = MqttPropertyContext.Will;
        const MqttPropertyContext connAck = MqttPropertyContext.ConnAck;
        const MqttPropertyContext publish = MqttPropertyContext.Publish;
        const MqttPropertyContext disconnect = MqttPropertyContext.Disconnect;
        const MqttPropertyContext auth = MqttPropertyContext.Auth;
        Add(MqttPropertyId.PayloadFormatIndicator, Kind.Byte, publish, will);
        Add(MqttPropertyId.MessageExpiryInterval, Kind.FourByte, publish, will);
        Add(MqttPropertyId.ContentType, Kind.String, publish, will);
        Add(MqttPropertyId.ResponseTopic, Kind.String, publish, will);
        Add(MqttPropertyId.CorrelationData, Kind.Binary, publish, will);
        Add(MqttPropertyId.SubscriptionIdentifier, Kind.VariableByteInteger, publish, MqttPropertyContext.Subscribe);
        Add(MqttPropertyId.SessionExpiryInterval, Kind.FourByte, connect, connAck, disconnect);
        Add(MqttPropertyId.AssignedClientIdentifier, Kind.String, connAck);
        Add(MqttPropertyId.ServerKeepAlive, Kind.TwoByte, connAck);
        Add(MqttPropertyId.AuthenticationMethod, Kind.String, connect, connAck, auth);
        Add(MqttPropertyId.AuthenticationData, Kind.Binary, connect, connAck, auth);
        Add(MqttPropertyId.RequestProblemInformation, Kind.Byte, connect);
        Add(MqttPropertyId.WillDelayInterval, Kind.FourByte, will);
        Add(MqttPropertyId.RequestResponseInformation, Kind.Byte, connect);
        Add(MqttPropertyId.ResponseInformation, Kind.String, connAck);
        Add(MqttPropertyId.ServerReference, Kind.String, connAck, disconnect);
        Add(MqttPropertyId.ReasonString, Kind.String, connAck, MqttPropertyContext.PublishResponse, MqttPropertyContext.SubAck,
            MqttPropertyContext.UnsubAck, disconnect, auth);
        Add(MqttPropertyId.ReceiveMaximum, Kind.TwoByte, connect, connAck);
        Add(MqttPropertyId.TopicAliasMaximum, Kind.TwoByte, connect, connAck);
        Add(MqttPropertyId.TopicAlias, Kind.TwoByte, publish);
        Add(MqttPropertyId.MaximumQos, Kind.Byte, connAck);
        Add(MqttPropertyId.RetainAvailable, Kind.Byte, connAck);
        Add(MqttPropertyId.UserProperty, Kind.StringPair, connect, will, connAck, publish, MqttPropertyContext.PublishResponse,
            MqttPropertyContext.Subscribe, MqttPropertyContext.SubAck, MqttPropertyContext.Unsubscribe, MqttPropertyContext.UnsubAck, disconnect, auth);
        Add(MqttPropertyId.MaximumPacketSize, Kind.FourByte, connect, connAck);
        Add(MqttPropertyId.WildcardSubscriptionAvailable, Kind.Byte, connAck);
        Add(MqttPropertyId.SubscriptionIdentifierAvailable, Kind.Byte, connAck);
        Add(MqttPropertyId.SharedSubscriptionAvailable, Kind.Byte, connAck);
        return table;
    }

    /// <summary>Writes properties into a span, or only counts their bytes.</summary>
    private ref struct Writer(Span<byte> destination, bool measureOnly)
    {
        private readonly Span<byte> _destination = destination;
        private readonly bool _measureOnly = measureOnly;

        public int Position { get; private set; }

        public void Byte(MqttPropertyId id, byte value)
        {
            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
                _destination[Position + 1] = value;
            }

            Position += 2;
        }

        public void TwoByte(MqttPropertyId id, ushort value)
        {
            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
                BinaryPrimitives.WriteUInt16BigEndian(_destination[(Position + 1)..], value);
            }

            Position += 3;
        }

        public void FourByte(MqttPropertyId id, uint value)
        {
            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
                BinaryPrimitives.WriteUInt32BigEndian(_destination[(Position + 1)..], value);
            }

            Position += 5;
        }

        public void VariableByteInteger(MqttPropertyId id, int value)
        {
            if (value is < 1 or > RemainingLength.Max)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"a subscription identifier is 1..{RemainingLength.Max}");
            }

            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
                RemainingLength.Write(value, _destination[(Position + 1)..]);
            }

            Position += 1 + RemainingLength.GetSize(value);
        }

        public void String(MqttPropertyId id, string? value)
        {
            if (value is null)
            {
                return;
            }

            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
            }

            Position += 1;
            WriteString(value);
        }

        public void Binary(MqttPropertyId id, ReadOnlyMemory<byte>? value)
        {
            if (value is not { } bytes)
            {
                return;
            }

            if (bytes.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"binary data of {bytes.Length} bytes exceeds the MQTT limit of {ushort.MaxValue}", nameof(value));
            }

            if (!_measureOnly)
            {
                _destination[Position] = (byte)id;
                BinaryPrimitives.WriteUInt16BigEndian(_destination[(Position + 1)..], (ushort)bytes.Length);
                bytes.Span.CopyTo(_destination[(Position + 3)..]);
            }

            Position += 3 + bytes.Length;
        }

        public void Pair(string name, string value)
        {
            if (!_measureOnly)
            {
                _destination[Position] = (byte)MqttPropertyId.UserProperty;
            }

            Position += 1;
            WriteString(name);
            WriteString(value);
        }

        private void WriteString(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            if (length > MqttStrings.MaxBytes)
            {
                throw new ArgumentException($"a string of {length} UTF-8 bytes exceeds the MQTT limit of {MqttStrings.MaxBytes}", nameof(value));
            }

            if (!_measureOnly)
            {
                BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], (ushort)length);
                Encoding.UTF8.GetBytes(value, _destination[(Position + 2)..]);
            }

            Position += 2 + length;
        }
    }
}
