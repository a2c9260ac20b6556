using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>Every MQTT 3.1.1 packet type encodes and decodes back to itself, however the bytes are segmented.</summary>
public sealed class MqttPacketRoundTripTests
{
    /// <summary>One or more examples of every packet type, by name (the theories take the name: the packet types are internal).</summary>
    internal static readonly Dictionary<string, MqttPacket> Examples = new()
    {
        { "CONNECT minimal", new ConnectPacket("client", 30, CleanSession: true) },
        { "CONNECT empty id", new ConnectPacket(string.Empty, 0, CleanSession: true) },
        {
            "CONNECT full", new ConnectPacket("dev-01", 65_535, CleanSession: false, "user", "secret"u8.ToArray(),
                new MqttWill("devices/dev-01/status", "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true))
        },
        { "CONNECT user only", new ConnectPacket("c", 5, CleanSession: true, "user") },
        { "CONNECT empty password", new ConnectPacket("c", 5, CleanSession: true, "user", ReadOnlyMemory<byte>.Empty) },
        { "CONNACK", new ConnAckPacket(true, MqttConnectReturnCode.Accepted) },
        { "CONNACK refused", new ConnAckPacket(false, MqttConnectReturnCode.NotAuthorized) },
        { "PUBLISH QoS 0", new PublishPacket("a/b", "payload"u8.ToArray(), MqttQualityOfService.AtMostOnce, Retain: false, Duplicate: false, 0) },
        { "PUBLISH QoS 0 retained empty", new PublishPacket("a", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, Retain: true, Duplicate: false, 0) },
        { "PUBLISH QoS 1 dup", new PublishPacket("ü/日本", new byte[] { 0, 1, 2, 255 }, MqttQualityOfService.AtLeastOnce, Retain: false, Duplicate: true, 65_535) },
        { "PUBLISH QoS 2", new PublishPacket("$SYS/x", new byte[300], MqttQualityOfService.ExactlyOnce, Retain: true, Duplicate: false, 1) },
        { "PUBACK", new PubAckPacket(1) },
        { "PUBREC", new PubRecPacket(2) },
        { "PUBREL", new PubRelPacket(3) },
        { "PUBCOMP", new PubCompPacket(65_535) },
        {
            "SUBSCRIBE", new SubscribePacket(7, [
                new MqttTopicFilter("a/+/c", MqttQualityOfService.AtMostOnce),
                new MqttTopicFilter("#", MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter("x/#", MqttQualityOfService.ExactlyOnce),
            ])
        },
        { "SUBACK", new SubAckPacket(7, [0x00, 0x01, 0x02, 0x80]) },
        { "UNSUBSCRIBE", new UnsubscribePacket(8, ["a/+/c", "#"]) },
        { "UNSUBACK", new UnsubAckPacket(8) },
        { "PINGREQ", PingReqPacket.Instance },
        { "PINGRESP", PingRespPacket.Instance },
        { "DISCONNECT", DisconnectPacket.Instance },
    };

    public static TheoryData<string> EveryPacketType() => [.. Examples.Keys];

    [Theory]
    [MemberData(nameof(EveryPacketType))]
    public void EncodeDecode_EveryPacketType_RoundTrips(string name)
    {
        var packet = Examples[name];
        var decoded = Decode(Encode(packet));

        Assert.Equal(packet.Type, decoded.Type);
        Assert.True(Describe(packet) == Describe(decoded), $"{name}: {Describe(packet)} != {Describe(decoded)}");
    }

    [Theory]
    [MemberData(nameof(EveryPacketType))]
    public void Decode_SplitIntoTwoSegmentsAnywhere_RoundTrips(string name)
    {
        var packet = Examples[name];
        var bytes = Encode(packet);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var decoded = Decode(Segmented(bytes, split));
            Assert.True(Describe(packet) == Describe(decoded), $"{name} split at {split}");
        }
    }

    [Theory]
    [MemberData(nameof(EveryPacketType))]
    public void Decode_OneByteSegments_RoundTrips(string name)
    {
        var packet = Examples[name];
        var bytes = Encode(packet);

        var decoded = Decode(Sequence([.. bytes.Select(b => new[] { b })]));

        Assert.True(Describe(packet) == Describe(decoded), name);
    }

    [Theory]
    [MemberData(nameof(EveryPacketType))]
    public void TryDecode_EveryProperPrefix_NeedsMoreDataAndLeavesBufferAlone(string name)
    {
        var packet = Examples[name];
        var bytes = Encode(packet);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(MqttPacketDecoder.TryDecode(ref prefix, int.MaxValue, out _), $"{name}: {length} of {bytes.Length} bytes decoded");
            Assert.Equal(length, prefix.Length);
        }
    }

    [Fact]
    public void TryDecode_SeveralPacketsInOneBuffer_DecodesEachInOrder()
    {
        MqttPacket[] packets = [
            new PublishPacket("t/1", "one"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, false, 1),
            new PubAckPacket(9),
            PingRespPacket.Instance,
            new PublishPacket("t/2", "two"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0),
        ];
        var bytes = packets.SelectMany(Encode).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        var decoded = new List<string>();
        while (MqttPacketDecoder.TryDecode(ref buffer, int.MaxValue, out var packet))
        {
            decoded.Add(Describe(packet));
        }

        Assert.Equal(packets.Select(Describe), decoded);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void EncodeDecode_RandomPublishes_RoundTrip()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 2_000; i++)
        {
            var qos = (MqttQualityOfService)random.Next(3);
            var topic = RandomTopic(random);
            var payload = new byte[random.Next(0, i % 100 == 0 ? 70_000 : 300)];
            random.NextBytes(payload);
            var packet = new PublishPacket(topic, payload, qos, random.Next(2) == 1, qos != MqttQualityOfService.AtMostOnce && random.Next(2) == 1,
                qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)random.Next(1, 65_536));
            var bytes = Encode(packet);
            var split = random.Next(bytes.Length + 1);

            var decoded = Decode(Segmented(bytes, split));

            Assert.Equal(Describe(packet), Describe(decoded));
        }
    }

    private static string RandomTopic(Random random)
    {
        const string alphabet = "abcxyz/$ -_.üé日本";
        var chars = new char[random.Next(1, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
