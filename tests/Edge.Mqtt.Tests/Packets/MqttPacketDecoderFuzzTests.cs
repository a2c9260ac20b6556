using System.Buffers;
using Edge.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// Random and mutated packets fed to the decoder of either protocol version (seeded, so a failure reproduces): it may
/// only decode, ask for more bytes, or throw <see cref="MqttProtocolViolationException"/> with one of the reason codes
/// a client closes with; it always makes progress and never loops.
/// </summary>
public sealed class MqttPacketDecoderFuzzTests
{
    private static readonly byte[][] Seeds = [.. MqttPacketRoundTripTests.Examples.Values.Select(Encode)];

    /// <summary>MQTT 5 seeds: generated packets of every type with their properties (a fixed FsCheck seed).</summary>
    private static readonly byte[][] Mqtt5Seeds = [.. MqttGenerators.V500Types
        .SelectMany(type => MqttGenerators.Packet(type, MqttProtocolVersion.V500).Sample(10, new Rnd(20261122UL), 8))
        .Select(packet => EncodeV5(packet))];

    private static readonly MqttReasonCode[] ViolationReasons = [MqttReasonCode.MalformedPacket, MqttReasonCode.ProtocolError, MqttReasonCode.PacketTooLarge];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryDecode_RandomBytes_OnlyDecodesOrReportsViolation(int seed)
    {
        FeedRandomBytes(seed, MqttProtocolVersion.V311);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 11)]
    [InlineData(MqttProtocolVersion.V311, 12)]
    [InlineData(MqttProtocolVersion.V311, 13)]
    [InlineData(MqttProtocolVersion.V500, 21)]
    [InlineData(MqttProtocolVersion.V500, 22)]
    [InlineData(MqttProtocolVersion.V500, 23)]
    public void TryDecode_MutatedValidPackets_OnlyDecodesOrReportsViolation(MqttProtocolVersion version, int seed)
    {
        var seeds = version == MqttProtocolVersion.V500 ? Mqtt5Seeds : Seeds;
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var bytes = Mutate(seeds[random.Next(seeds.Length)], random);
            FeedToDecoder(bytes, random, version);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void TryDecode_RandomBytesAsMqtt5_OnlyDecodesOrReportsViolation(int seed)
    {
        FeedRandomBytes(seed, MqttProtocolVersion.V500);
    }

    [Fact]
    public void TryDecode_Mqtt5SeedsUnmutated_AllDecode()
    {
        foreach (var bytes in Mqtt5Seeds)
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            Assert.True(MqttPacketDecoder.TryDecode(ref buffer, int.MaxValue, MqttProtocolVersion.V500, out _));
        }
    }

    private static void FeedRandomBytes(int seed, MqttProtocolVersion version)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                // Bias toward plausible headers: a valid type and flags in the first byte, a small length in the second;
                // for MQTT 5 often a property length and a known property identifier after a short variable header.
                bytes[0] = (byte)((random.Next(1, 16) << 4) | (random.Next(4) == 0 ? random.Next(16) : 0));
                if (bytes.Length > 1)
                {
                    bytes[1] = (byte)random.Next(0, bytes.Length);
                }

                if (version == MqttProtocolVersion.V500 && bytes.Length > 6 && random.Next(2) == 0)
                {
                    var at = random.Next(2, 5);
                    bytes[at] = (byte)random.Next(0, bytes.Length - at);
                    bytes[at + 1] = (byte)random.Next(0, 0x2B);
                }
            }

            FeedToDecoder(bytes, random, version);
        }
    }

    private static void FeedToDecoder(byte[] bytes, Random random, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var buffer = random.Next(3) == 0 ? Segmented(bytes, random.Next(bytes.Length + 1), random.Next(1, 8)) : new ReadOnlySequence<byte>(bytes);
        var maxPacketBytes = random.Next(2) == 0 ? 64 : 1_000_000;
        var decoded = 0;
        try
        {
            while (true)
            {
                var before = buffer.Length;
                if (!MqttPacketDecoder.TryDecode(ref buffer, maxPacketBytes, version, out var packet))
                {
                    Assert.Equal(before, buffer.Length);
                    break;
                }

                Assert.NotNull(packet);
                Assert.True(buffer.Length < before, "a decoded packet must consume bytes");
                Assert.True(++decoded <= bytes.Length, "more packets than bytes: the decoder loops");
            }
        }
        catch (MqttProtocolViolationException violation)
        {
            // the one allowed failure, naming a reason a client may close with
            Assert.Contains(violation.ReasonCode, ViolationReasons);
        }
    }

    private static byte[] EncodeV5(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketEncoder.Write(packet, buffer, MqttProtocolVersion.V500);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 4 when bytes.Count > 1:
                    var keep = random.Next(1, bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                default:
                    bytes.AddRange(seed);
                    break;
            }
        }

        return [.. bytes];
    }
}
