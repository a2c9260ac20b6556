using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// Random and mutated packets fed to the decoder (seeded, so a failure reproduces): it may only decode, ask for more
/// bytes, or throw <see cref="MqttProtocolViolationException"/>; it always makes progress and never loops.
/// </summary>
public sealed class MqttPacketDecoderFuzzTests
{
    private static readonly byte[][] Seeds = [.. MqttPacketRoundTripTests.Examples.Values.Select(Encode)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryDecode_RandomBytes_OnlyDecodesOrReportsViolation(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                // Bias toward plausible headers: a valid type and flags in the first byte, a small length in the second.
                bytes[0] = (byte)((random.Next(1, 15) << 4) | (random.Next(4) == 0 ? random.Next(16) : 0));
                if (bytes.Length > 1)
                {
                    bytes[1] = (byte)random.Next(0, bytes.Length);
                }
            }

            FeedToDecoder(bytes, random);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void TryDecode_MutatedValidPackets_OnlyDecodesOrReportsViolation(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var bytes = Mutate(Seeds[random.Next(Seeds.Length)], random);
            FeedToDecoder(bytes, random);
        }
    }

    private static void FeedToDecoder(byte[] bytes, Random random)
    {
        var buffer = random.Next(3) == 0 ? Segmented(bytes, random.Next(bytes.Length + 1), random.Next(1, 8)) : new ReadOnlySequence<byte>(bytes);
        var maxPacketBytes = random.Next(2) == 0 ? 64 : 1_000_000;
        var decoded = 0;
        try
        {
            while (true)
            {
                var before = buffer.Length;
                if (!MqttPacketDecoder.TryDecode(ref buffer, maxPacketBytes, out var packet))
                {
                    Assert.Equal(before, buffer.Length);
                    break;
                }

                Assert.NotNull(packet);
                Assert.True(buffer.Length < before, "a decoded packet must consume bytes");
                Assert.True(++decoded <= bytes.Length, "more packets than bytes: the decoder loops");
            }
        }
        catch (MqttProtocolViolationException)
        {
            // the one allowed failure
        }
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
