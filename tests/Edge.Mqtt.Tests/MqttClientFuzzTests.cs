using System.Buffers;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Mqtt.Tests.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace Edge.Mqtt.Tests;

/// <summary>
/// A live client fed random and mutated server packets (seeded): whatever arrives, the connection either goes on or
/// ends with an <see cref="MqttConnectionLostException"/> naming a protocol violation or the broker's DISCONNECT;
/// no other exception reaches the read loop, and nothing throws past the client.
/// </summary>
public sealed class MqttClientFuzzTests
{
    private static readonly MqttPacketType[] ServerTypes =
    [
        MqttPacketType.Publish, MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp,
        MqttPacketType.SubAck, MqttPacketType.UnsubAck, MqttPacketType.PingResp,
    ];

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 31)]
    [InlineData(MqttProtocolVersion.V500, 51)]
    public async Task ReadLoop_RandomAndMutatedServerPackets_EndInADefinedWay(MqttProtocolVersion version, int seed)
    {
        var random = new Random(seed);
        var types = version == MqttProtocolVersion.V500 ? [.. ServerTypes, MqttPacketType.Disconnect, MqttPacketType.Auth] : ServerTypes;
        var seeds = types.SelectMany(type => MqttGenerators.Packet(type, version).Sample(8, new Rnd((ulong)seed), 6)).Select(packet => Encode(packet, version)).ToArray();
        await using var server = new FakeMqttServer();
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < 25; round++)
        {
            var (client, connection) = await server.ConnectClientAsync(options =>
            {
                options.ProtocolVersion = version;
                options.KeepAlive = TimeSpan.Zero;
                options.MaxIncomingPacketBytes = 4096;
                options.MaxPendingMessages = 8;
            });
            await using (client)
            {
                var bytes = new List<byte>();
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes.AddRange(random.Next(4) == 0 ? RandomBytes(random) : Mutate(seeds[random.Next(seeds.Length)], random));
                }

                await connection.SendRawAsync(bytes.ToArray());
                var marker = $"marker/{round}";
                await connection.SendAsync(new PublishPacket(marker, ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0));
                var outcome = await OutcomeAsync(client, marker, connection);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        // Both outcomes happen across the rounds: the fuzz reaches past the decoder and into the client.
        Assert.True(outcomes.Count >= 2, string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    /// <summary>Reads (and acknowledges) until the marker arrives or the connection ends; checks how it ended.</summary>
    private static async Task<string> OutcomeAsync(MqttClient client, string marker, FakeMqttConnection connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(timeout.Token))
            {
                await message.AcknowledgeAsync();
                if (message.Topic == marker)
                {
                    Assert.True(client.IsConnected);
                    return "went on";
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A length prefix swallowed the marker: the client waits for the rest of a packet. End it from our side.
            connection.Close();
        }

        var loss = await client.LossAsync();
        Assert.DoesNotContain("unexpected error", loss.Message, StringComparison.Ordinal);
        Assert.True(
            loss.Message.StartsWith("protocol violation", StringComparison.Ordinal)
                || loss.Message.StartsWith("the broker disconnected", StringComparison.Ordinal)
                || loss.Message.StartsWith("the broker closed the connection", StringComparison.Ordinal)
                || loss.Message.StartsWith("reading from the broker failed", StringComparison.Ordinal),
            loss.Message);
        return loss.Message.StartsWith("protocol violation", StringComparison.Ordinal) ? "violation" : "ended";
    }

    private static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketEncoder.Write(packet, buffer, version);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 24)];
        random.NextBytes(bytes);
        bytes[0] = (byte)((random.Next(1, 16) << 4) | (random.Next(4) == 0 ? random.Next(16) : 0));
        if (bytes.Length > 1)
        {
            bytes[1] = (byte)random.Next(0, bytes.Length);
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToArray();
        if (random.Next(3) == 0)
        {
            return bytes;
        }

        var position = random.Next(bytes.Length);
        bytes[position] = random.Next(2) == 0 ? (byte)random.Next(256) : (byte)(bytes[position] ^ (1 << random.Next(8)));
        return bytes;
    }
}
