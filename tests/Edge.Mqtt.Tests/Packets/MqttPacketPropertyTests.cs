using System.Buffers;
using Edge.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// Property-based codec checks (FsCheck): for every packet type of both protocol versions, generated valid packets
/// (MQTT 5: with any combination of the properties the packet may carry) encode and decode back to themselves, in one
/// buffer or split anywhere, and the encoder's size prediction is exact.
/// </summary>
public sealed class MqttPacketPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    public static TheoryData<MqttProtocolVersion, string> EveryTypeOfBothVersions()
    {
        var data = new TheoryData<MqttProtocolVersion, string>();
        foreach (var type in MqttGenerators.V311Types)
        {
            data.Add(MqttProtocolVersion.V311, type.ToString());
        }

        foreach (var type in MqttGenerators.V500Types)
        {
            data.Add(MqttProtocolVersion.V500, type.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypeOfBothVersions))]
    public void EncodeDecode_GeneratedPackets_RoundTrip(MqttProtocolVersion version, string type)
    {
        var generator = MqttGenerators.Packet(Enum.Parse<MqttPacketType>(type), version);

        Check.One(Quick, Prop.ForAll(Arb.From(generator), packet =>
        {
            var bytes = Encode(packet, version);
            var decoded = Decode(bytes, version);
            Assert.Equal(PacketDescription.Of(packet), PacketDescription.Of(decoded));
        }));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Decode_GeneratedPacketSplitAnywhere_RoundTrips(MqttProtocolVersion version)
    {
        var cases = from packet in MqttGenerators.AnyPacket(version)
                    from split in Gen.Choose(0, 1000)
                    from second in Gen.Choose(1, 8)
                    select (packet, split, second);

        Check.One(Quick.WithMaxTest(300), Prop.ForAll(Arb.From(cases), c =>
        {
            var bytes = Encode(c.packet, version);
            var sequence = Segmented(bytes, c.split % (bytes.Length + 1), c.second);
            Assert.True(MqttPacketDecoder.TryDecode(ref sequence, int.MaxValue, version, out var decoded));
            return sequence.IsEmpty && PacketDescription.Of(decoded) == PacketDescription.Of(c.packet);
        }));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void GetSize_GeneratedPackets_IsTheEncodedLength(MqttProtocolVersion version)
    {
        Check.One(Quick.WithMaxTest(300), Prop.ForAll(Arb.From(MqttGenerators.AnyPacket(version)), packet =>
            MqttPacketEncoder.GetSize(packet, version) == Encode(packet, version).Length));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void TryDecode_ProperPrefixOfGeneratedPacket_NeedsMoreData(MqttProtocolVersion version)
    {
        var cases = from packet in MqttGenerators.AnyPacket(version)
                    from cut in Gen.Choose(0, 10_000)
                    select (packet, cut);

        Check.One(Quick.WithMaxTest(300), Prop.ForAll(Arb.From(cases), c =>
        {
            var bytes = Encode(c.packet, version);
            var prefix = new ReadOnlySequence<byte>(bytes, 0, c.cut % bytes.Length);
            return !MqttPacketDecoder.TryDecode(ref prefix, int.MaxValue, version, out _) && prefix.Length == c.cut % bytes.Length;
        }));
    }

    [Fact]
    public void Generators_CoverEveryPropertyOfEveryPlace()
    {
        // The round trips above are only as good as the generators: each allowed property must actually occur.
        foreach (var (context, allowed) in MqttGenerators.Allowed)
        {
            var seen = MqttGenerators.Properties(context).Sample(500).SelectMany(MqttGenerators.Present).ToHashSet();
            Assert.True(allowed.All(seen.Contains), $"{context}: never generated {string.Join(", ", allowed.Where(id => !seen.Contains(id)))}");
            Assert.Empty(seen.Except(allowed));
        }
    }

    [Fact]
    public void Generators_CoverEveryPacketTypeWithAndWithoutProperties()
    {
        foreach (var type in MqttGenerators.V500Types)
        {
            var samples = MqttGenerators.Packet(type, MqttProtocolVersion.V500).Sample(200).Select(PacketDescription.Of).ToList();
            Assert.True(samples.Distinct().Count() > 1 || type is MqttPacketType.PingReq or MqttPacketType.PingResp, $"{type}: no variety");
        }
    }

    private static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var written = MqttPacketEncoder.Write(packet, buffer, version);
        Assert.Equal(buffer.WrittenCount, written);
        return buffer.WrittenSpan.ToArray();
    }

    private static MqttPacket Decode(byte[] bytes, MqttProtocolVersion version)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttPacketDecoder.TryDecode(ref sequence, int.MaxValue, version, out var packet), "the packet is incomplete");
        Assert.True(sequence.IsEmpty, $"{sequence.Length} bytes left after the packet");
        return packet;
    }
}
