using Edge.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// FsCheck generators of valid packets of either protocol version: every packet type, and in MQTT 5 every property the
/// packet may carry (section 2.2.2.2), each present or absent, with values across their ranges. The allowed lists here
/// are written from the specification, independently of the codec's own table.
/// </summary>
internal static class MqttGenerators
{
    public static readonly MqttPacketType[] V311Types = [.. Enum.GetValues<MqttPacketType>().Where(t => t != MqttPacketType.Auth)];

    public static readonly MqttPacketType[] V500Types = Enum.GetValues<MqttPacketType>();

    /// <summary>Which properties each place allows (MQTT 5 table 2-4).</summary>
    public static readonly Dictionary<MqttPropertyContext, MqttPropertyId[]> Allowed = new()
    {
        [MqttPropertyContext.Connect] = [MqttPropertyId.SessionExpiryInterval, MqttPropertyId.AuthenticationMethod, MqttPropertyId.AuthenticationData,
            MqttPropertyId.RequestProblemInformation, MqttPropertyId.RequestResponseInformation, MqttPropertyId.ReceiveMaximum,
            MqttPropertyId.TopicAliasMaximum, MqttPropertyId.UserProperty, MqttPropertyId.MaximumPacketSize],
        [MqttPropertyContext.Will] = [MqttPropertyId.PayloadFormatIndicator, MqttPropertyId.MessageExpiryInterval, MqttPropertyId.ContentType,
            MqttPropertyId.ResponseTopic, MqttPropertyId.CorrelationData, MqttPropertyId.WillDelayInterval, MqttPropertyId.UserProperty],
        [MqttPropertyContext.ConnAck] = [MqttPropertyId.SessionExpiryInterval, MqttPropertyId.AssignedClientIdentifier, MqttPropertyId.ServerKeepAlive,
            MqttPropertyId.AuthenticationMethod, MqttPropertyId.AuthenticationData, MqttPropertyId.ResponseInformation, MqttPropertyId.ServerReference,
            MqttPropertyId.ReasonString, MqttPropertyId.ReceiveMaximum, MqttPropertyId.TopicAliasMaximum, MqttPropertyId.MaximumQos,
            MqttPropertyId.RetainAvailable, MqttPropertyId.UserProperty, MqttPropertyId.MaximumPacketSize, MqttPropertyId.WildcardSubscriptionAvailable,
            MqttPropertyId.SubscriptionIdentifierAvailable, MqttPropertyId.SharedSubscriptionAvailable],
        [MqttPropertyContext.Publish] = [MqttPropertyId.PayloadFormatIndicator, MqttPropertyId.MessageExpiryInterval, MqttPropertyId.ContentType,
            MqttPropertyId.ResponseTopic, MqttPropertyId.CorrelationData, MqttPropertyId.SubscriptionIdentifier, MqttPropertyId.TopicAlias,
            MqttPropertyId.UserProperty],
        [MqttPropertyContext.PublishResponse] = [MqttPropertyId.ReasonString, MqttPropertyId.UserProperty],
        [MqttPropertyContext.Subscribe] = [MqttPropertyId.SubscriptionIdentifier, MqttPropertyId.UserProperty],
        [MqttPropertyContext.SubAck] = [MqttPropertyId.ReasonString, MqttPropertyId.UserProperty],
        [MqttPropertyContext.Unsubscribe] = [MqttPropertyId.UserProperty],
        [MqttPropertyContext.UnsubAck] = [MqttPropertyId.ReasonString, MqttPropertyId.UserProperty],
        [MqttPropertyContext.Disconnect] = [MqttPropertyId.SessionExpiryInterval, MqttPropertyId.ReasonString, MqttPropertyId.ServerReference,
            MqttPropertyId.UserProperty],
        [MqttPropertyContext.Auth] = [MqttPropertyId.AuthenticationMethod, MqttPropertyId.AuthenticationData, MqttPropertyId.ReasonString,
            MqttPropertyId.UserProperty],
    };

    /// <summary>Reason codes each packet may carry (MQTT 5 sections 3.2.2.2 to 3.15.2.1).</summary>
    public static readonly Dictionary<MqttPacketType, byte[]> ReasonCodes = new()
    {
        [MqttPacketType.ConnAck] = [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F],
        [MqttPacketType.PubAck] = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99],
        [MqttPacketType.PubRec] = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99],
        [MqttPacketType.PubRel] = [0x00, 0x92],
        [MqttPacketType.PubComp] = [0x00, 0x92],
        [MqttPacketType.SubAck] = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2],
        [MqttPacketType.UnsubAck] = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91],
        [MqttPacketType.Disconnect] = [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2],
        [MqttPacketType.Auth] = [0x00, 0x18, 0x19],
    };

    private static readonly char[] Plain = "abcxyzABC019 -_.:/$ü日本".ToCharArray();

    /// <summary>Well-formed MQTT strings: ASCII, other BMP characters, surrogate pairs; never U+0000.</summary>
    public static Gen<string> Text(int maxChars) =>
        from length in Gen.Choose(0, maxChars)
        from parts in Gen.ArrayOf(Gen.Frequency(
            (8, Gen.Elements(Plain).Select(c => c.ToString())),
            (2, Gen.Choose(0x01, 0xD7FF).Select(code => ((char)code).ToString())),
            (1, Gen.Choose(0xE000, 0xFFFF).Select(code => ((char)code).ToString())),
            (1, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32))), length)
        select string.Concat(parts);

    public static Gen<string> TopicName =>
        Text(24).Select(text => text.Replace('+', 'p').Replace('#', 'h')).Where(text => text.Length > 0);

    public static Gen<string> TopicFilter =>
        from levels in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
            (6, Text(6).Select(level => level.Replace('+', 'p').Replace('#', 'h').Replace('/', '_'))),
            (2, Gen.Constant("+")),
            (1, Gen.Constant("#"))), n))
        let filter = string.Join('/', levels.Select((level, i) => level == "#" && i < levels.Length - 1 ? "x" : level))
        where filter.Length > 0
        from shared in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select shared ? $"$share/group/{filter}" : filter;

    public static Gen<byte[]> Bytes(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static Gen<ushort> PacketId => Gen.Choose(1, ushort.MaxValue).Select(i => (ushort)i);

    public static Gen<MqttQualityOfService> Qos => Gen.Elements(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce);

    /// <summary>Properties for <paramref name="context"/>: each allowed property absent or present; null when none is.</summary>
    public static Gen<MqttProperties?> Properties(MqttPropertyContext context) =>
        from a in All(Optional(Gen.Elements<byte>(0, 1)), Optional(UInt32), OptionalRef(Text(12)), OptionalRef(TopicName))
        from b in All(OptionalRef(Bytes(16)), Gen.Choose(0, context == MqttPropertyContext.Publish ? 3 : 1).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 268_435_455), n)), Optional(UInt32), OptionalRef(Text(12)))
        from c in All(Optional(UInt16), OptionalRef(Text(8)), OptionalRef(Bytes(8)), Optional(Gen.Elements<byte>(0, 1)))
        from d in All(Optional(UInt32), Optional(Gen.Elements<byte>(0, 1)), OptionalRef(Text(8)), OptionalRef(Text(8)))
        from e in All(OptionalRef(Text(12)), Optional(UInt16.Where(v => v > 0)), Optional(UInt16), Optional(UInt16.Where(v => v > 0)))
        from f in All(Optional(Gen.Elements<byte>(0, 1)), Optional(Gen.Elements<byte>(0, 1)), Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Zip(Text(6), Text(6)), n)), Optional(UInt32.Where(v => v > 0)))
        from g in All(Optional(Gen.Elements<byte>(0, 1)), Optional(Gen.Elements<byte>(0, 1)), Optional(Gen.Elements<byte>(0, 1)))
        let allowed = Allowed[context]
        let all = new MqttProperties
        {
            PayloadFormatIndicator = a.Item1,
            MessageExpiryInterval = a.Item2,
            ContentType = a.Item3,
            ResponseTopic = a.Item4,
            CorrelationData = b.Item1 is null ? null : (ReadOnlyMemory<byte>?)b.Item1,
            SubscriptionIdentifiers = b.Item2.Length > 0 ? b.Item2 : null,
            SessionExpiryInterval = b.Item3,
            AssignedClientIdentifier = b.Item4,
            ServerKeepAlive = c.Item1,
            AuthenticationMethod = c.Item2,
            AuthenticationData = c.Item3 is null ? null : (ReadOnlyMemory<byte>?)c.Item3,
            RequestProblemInformation = c.Item4,
            WillDelayInterval = d.Item1,
            RequestResponseInformation = d.Item2,
            ResponseInformation = d.Item3,
            ServerReference = d.Item4,
            ReasonString = e.Item1,
            ReceiveMaximum = e.Item2,
            TopicAliasMaximum = e.Item3,
            TopicAlias = e.Item4,
            MaximumQos = f.Item1,
            RetainAvailable = f.Item2,
            UserProperties = f.Item3.Length > 0 ? [.. f.Item3.Select(pair => new MqttUserProperty(pair.Item1, pair.Item2))] : null,
            MaximumPacketSize = f.Item4,
            WildcardSubscriptionAvailable = g.Item1,
            SubscriptionIdentifierAvailable = g.Item2,
            SharedSubscriptionAvailable = g.Item3,
        }
        select Restrict(all, allowed);

    /// <summary>A valid packet of <paramref name="type"/> for <paramref name="version"/>.</summary>
    public static Gen<MqttPacket> Packet(MqttPacketType type, MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        Gen<MqttProperties?> Props(MqttPropertyContext context) => v5 ? Properties(context) : Gen.Constant<MqttProperties?>(null);
        Gen<MqttReasonCode> Reason(MqttPacketType t) => v5 ? Gen.Elements(ReasonCodes[t]).Select(code => (MqttReasonCode)code) : Gen.Constant(MqttReasonCode.Success);

        return type switch
        {
            MqttPacketType.Connect =>
                from clientId in Text(23)
                from keepAlive in UInt16
                from clean in Bool
                from username in OptionalRef(Text(10))
                from password in OptionalRef(Bytes(12))
                from will in OptionalRef(Will(v5))
                from properties in Props(MqttPropertyContext.Connect)
                select (MqttPacket)new ConnectPacket(clientId, keepAlive, clean, username, v5 || username is not null ? (password is null ? null : (ReadOnlyMemory<byte>?)password) : null, will)
                {
                    ProtocolVersion = version,
                    Properties = properties,
                },
            MqttPacketType.ConnAck =>
                from code in v5 ? Gen.Elements(ReasonCodes[MqttPacketType.ConnAck]) : Gen.Choose(0, 5).Select(c => (byte)c)
                from sessionPresent in code == 0 ? Bool : Gen.Constant(false)
                from properties in Props(MqttPropertyContext.ConnAck)
                select (MqttPacket)new ConnAckPacket(sessionPresent, code) { Properties = properties },
            MqttPacketType.Publish =>
                from qos in Qos
                from topic in TopicName
                from payload in Bytes(64)
                from retain in Bool
                from duplicate in qos == MqttQualityOfService.AtMostOnce ? Gen.Constant(false) : Bool
                from packetId in qos == MqttQualityOfService.AtMostOnce ? Gen.Constant((ushort)0) : PacketId
                from properties in Props(MqttPropertyContext.Publish)
                from aliasOnly in properties?.TopicAlias is null ? Gen.Constant(false) : Bool
                select (MqttPacket)new PublishPacket(aliasOnly ? string.Empty : topic, payload, qos, retain, duplicate, packetId) { Properties = properties },
            MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp =>
                from packetId in PacketId
                from reason in Reason(type)
                from properties in Props(MqttPropertyContext.PublishResponse)
                select Response(type, packetId, reason, properties),
            MqttPacketType.Subscribe =>
                from packetId in PacketId
                from filters in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Filter(v5), n))
                from properties in Props(MqttPropertyContext.Subscribe)
                select (MqttPacket)new SubscribePacket(packetId, filters) { Properties = properties },
            MqttPacketType.SubAck =>
                from packetId in PacketId
                from codes in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(v5 ? Gen.Elements(ReasonCodes[MqttPacketType.SubAck]) : Gen.Elements<byte>(0, 1, 2, 0x80), n))
                from properties in Props(MqttPropertyContext.SubAck)
                select (MqttPacket)new SubAckPacket(packetId, codes) { Properties = properties },
            MqttPacketType.Unsubscribe =>
                from packetId in PacketId
                from filters in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(TopicFilter, n))
                from properties in Props(MqttPropertyContext.Unsubscribe)
                select (MqttPacket)new UnsubscribePacket(packetId, filters) { Properties = properties },
            MqttPacketType.UnsubAck =>
                from packetId in PacketId
                from codes in v5 ? Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(ReasonCodes[MqttPacketType.UnsubAck]), n)) : Gen.Constant<byte[]>(null!)
                from properties in Props(MqttPropertyContext.UnsubAck)
                select (MqttPacket)new UnsubAckPacket(packetId) { ReasonCodes = codes, Properties = properties },
            MqttPacketType.PingReq => Gen.Constant<MqttPacket>(PingReqPacket.Instance),
            MqttPacketType.PingResp => Gen.Constant<MqttPacket>(PingRespPacket.Instance),
            MqttPacketType.Disconnect =>
                from reason in Reason(MqttPacketType.Disconnect)
                from properties in Props(MqttPropertyContext.Disconnect)
                select (MqttPacket)new DisconnectPacket { ReasonCode = reason, Properties = properties },
            MqttPacketType.Auth =>
                from reason in Reason(MqttPacketType.Auth)
                from properties in Props(MqttPropertyContext.Auth)
                select (MqttPacket)new AuthPacket { ReasonCode = reason, Properties = properties },
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    /// <summary>Any valid packet of <paramref name="version"/>.</summary>
    public static Gen<MqttPacket> AnyPacket(MqttProtocolVersion version) =>
        Gen.OneOf((version == MqttProtocolVersion.V500 ? V500Types : V311Types).Select(type => Packet(type, version)));

    private static Gen<bool> Bool => Gen.Elements(false, true);

    private static Gen<(T1, T2, T3, T4)> All<T1, T2, T3, T4>(Gen<T1> g1, Gen<T2> g2, Gen<T3> g3, Gen<T4> g4) =>
        from v1 in g1
        from v2 in g2
        from v3 in g3
        from v4 in g4
        select (v1, v2, v3, v4);

    private static Gen<(T1, T2, T3)> All<T1, T2, T3>(Gen<T1> g1, Gen<T2> g2, Gen<T3> g3) =>
        from v1 in g1
        from v2 in g2
        from v3 in g3
        select (v1, v2, v3);

    private static Gen<ushort> UInt16 => Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);

    private static Gen<uint> UInt32 => Gen.Frequency(
        (3, Gen.Choose(0, 1000).Select(i => (uint)i)),
        (1, Gen.Elements(0u, 1u, uint.MaxValue, int.MaxValue + 1u)),
        (2, Gen.Choose(0, int.MaxValue).Select(i => (uint)i * 2)));

    private static Gen<T?> Optional<T>(Gen<T> value)
        where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (1, value.Select(v => (T?)v)));

    private static Gen<T?> OptionalRef<T>(Gen<T> value)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (1, value.Select(v => (T?)v)));

    private static Gen<MqttWill> Will(bool v5) =>
        from topic in TopicName
        from payload in Bytes(20)
        from qos in Qos
        from retain in Bool
        from properties in v5 ? Properties(MqttPropertyContext.Will) : Gen.Constant<MqttProperties?>(null)
        select new MqttWill(topic, payload, qos, retain) { Properties = properties };

    private static Gen<MqttTopicFilter> Filter(bool v5) =>
        from filter in TopicFilter
        from qos in Qos
        from noLocal in v5 ? Bool : Gen.Constant(false)
        from retainAsPublished in v5 ? Bool : Gen.Constant(false)
        from retainHandling in v5 ? Gen.Elements(MqttRetainHandling.SendAtSubscribe, MqttRetainHandling.SendAtSubscribeIfNew, MqttRetainHandling.DoNotSend) : Gen.Constant(MqttRetainHandling.SendAtSubscribe)
        select new MqttTopicFilter(filter, qos) { NoLocal = noLocal, RetainAsPublished = retainAsPublished, RetainHandling = retainHandling };

    private static MqttPacket Response(MqttPacketType type, ushort packetId, MqttReasonCode reason, MqttProperties? properties) => type switch
    {
        MqttPacketType.PubAck => new PubAckPacket(packetId) { ReasonCode = reason, Properties = properties },
        MqttPacketType.PubRec => new PubRecPacket(packetId) { ReasonCode = reason, Properties = properties },
        MqttPacketType.PubRel => new PubRelPacket(packetId) { ReasonCode = reason, Properties = properties },
        _ => new PubCompPacket(packetId) { ReasonCode = reason, Properties = properties },
    };

    private static MqttProperties? Restrict(MqttProperties p, MqttPropertyId[] allowed)
    {
        bool Has(MqttPropertyId id) => allowed.Contains(id);
        var restricted = new MqttProperties
        {
            PayloadFormatIndicator = Has(MqttPropertyId.PayloadFormatIndicator) ? p.PayloadFormatIndicator : null,
            MessageExpiryInterval = Has(MqttPropertyId.MessageExpiryInterval) ? p.MessageExpiryInterval : null,
            ContentType = Has(MqttPropertyId.ContentType) ? p.ContentType : null,
            ResponseTopic = Has(MqttPropertyId.ResponseTopic) ? p.ResponseTopic : null,
            CorrelationData = Has(MqttPropertyId.CorrelationData) ? p.CorrelationData : null,
            SubscriptionIdentifiers = Has(MqttPropertyId.SubscriptionIdentifier) ? p.SubscriptionIdentifiers : null,
            SessionExpiryInterval = Has(MqttPropertyId.SessionExpiryInterval) ? p.SessionExpiryInterval : null,
            AssignedClientIdentifier = Has(MqttPropertyId.AssignedClientIdentifier) ? p.AssignedClientIdentifier : null,
            ServerKeepAlive = Has(MqttPropertyId.ServerKeepAlive) ? p.ServerKeepAlive : null,
            AuthenticationMethod = Has(MqttPropertyId.AuthenticationMethod) ? p.AuthenticationMethod : null,
            AuthenticationData = Has(MqttPropertyId.AuthenticationData) ? p.AuthenticationData : null,
            RequestProblemInformation = Has(MqttPropertyId.RequestProblemInformation) ? p.RequestProblemInformation : null,
            WillDelayInterval = Has(MqttPropertyId.WillDelayInterval) ? p.WillDelayInterval : null,
            RequestResponseInformation = Has(MqttPropertyId.RequestResponseInformation) ? p.RequestResponseInformation : null,
            ResponseInformation = Has(MqttPropertyId.ResponseInformation) ? p.ResponseInformation : null,
            ServerReference = Has(MqttPropertyId.ServerReference) ? p.ServerReference : null,
            ReasonString = Has(MqttPropertyId.ReasonString) ? p.ReasonString : null,
            ReceiveMaximum = Has(MqttPropertyId.ReceiveMaximum) ? p.ReceiveMaximum : null,
            TopicAliasMaximum = Has(MqttPropertyId.TopicAliasMaximum) ? p.TopicAliasMaximum : null,
            TopicAlias = Has(MqttPropertyId.TopicAlias) ? p.TopicAlias : null,
            MaximumQos = Has(MqttPropertyId.MaximumQos) ? p.MaximumQos : null,
            RetainAvailable = Has(MqttPropertyId.RetainAvailable) ? p.RetainAvailable : null,
            UserProperties = Has(MqttPropertyId.UserProperty) ? p.UserProperties : null,
            MaximumPacketSize = Has(MqttPropertyId.MaximumPacketSize) ? p.MaximumPacketSize : null,
            WildcardSubscriptionAvailable = Has(MqttPropertyId.WildcardSubscriptionAvailable) ? p.WildcardSubscriptionAvailable : null,
            SubscriptionIdentifierAvailable = Has(MqttPropertyId.SubscriptionIdentifierAvailable) ? p.SubscriptionIdentifierAvailable : null,
            SharedSubscriptionAvailable = Has(MqttPropertyId.SharedSubscriptionAvailable) ? p.SharedSubscriptionAvailable : null,
        };
        return PacketDescription.Of(restricted) == PacketDescription.Of(new MqttProperties()) ? null : restricted;
    }

    /// <summary>Which properties a block carries (for coverage checks).</summary>
    public static IEnumerable<MqttPropertyId> Present(MqttProperties? p) =>
        p is null ? [] : Enum.GetValues<MqttPropertyId>().Where(id => PacketDescription.PropertyValue(p, id) is not null);
}
