using System.Buffers;
using System.Globalization;
using System.Text;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>Helpers for codec tests: hex, whole-packet decoding, sequences split into segments, packet descriptions.</summary>
internal static class PacketBytes
{
    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string ToHex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static byte[] Encode(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var written = MqttPacketEncoder.Write(packet, buffer);
        Assert.Equal(buffer.WrittenCount, written);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes exactly one complete packet from <paramref name="bytes"/>.</summary>
    public static MqttPacket Decode(byte[] bytes, int maxPacketBytes = int.MaxValue) => Decode(new ReadOnlySequence<byte>(bytes), maxPacketBytes);

    public static MqttPacket Decode(ReadOnlySequence<byte> sequence, int maxPacketBytes = int.MaxValue)
    {
        Assert.True(MqttPacketDecoder.TryDecode(ref sequence, maxPacketBytes, out var packet), "the packet is incomplete");
        Assert.True(sequence.IsEmpty, $"{sequence.Length} bytes left after the packet");
        return packet;
    }

    /// <summary>The bytes as a sequence of segments of the given lengths (the rest in a last segment).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] segmentLengths)
    {
        var chunks = new List<byte[]>();
        var offset = 0;
        foreach (var length in segmentLengths)
        {
            var take = Math.Min(length, bytes.Length - offset);
            chunks.Add(bytes.AsSpan(offset, take).ToArray());
            offset += take;
        }

        chunks.Add(bytes.AsSpan(offset).ToArray());
        return Sequence(chunks);
    }

    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> chunks)
    {
        if (chunks.Count == 1)
        {
            return new ReadOnlySequence<byte>(chunks[0]);
        }

        var first = new Segment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every field of a packet as text, so packets holding memory and lists compare by value.</summary>
    public static string Describe(MqttPacket packet) => packet switch
    {
        ConnectPacket c => $"CONNECT id={c.ClientId} ka={c.KeepAliveSeconds} clean={c.CleanSession} user={c.Username ?? "-"} " +
            $"password={(c.Password is { } p ? ToHex(p.Span) : "-")} " +
            $"will={(c.Will is { } w ? $"{w.Topic}|{ToHex(w.Payload.Span)}|{w.Qos}|{w.Retain}" : "-")}",
        PublishPacket p => $"PUBLISH {p.Topic} qos={p.Qos} retain={p.Retain} dup={p.Duplicate} id={p.PacketId} payload={ToHex(p.Payload.Span)}",
        SubscribePacket s => $"SUBSCRIBE id={s.PacketId} {string.Join(", ", s.Filters.Select(f => $"{f.Filter}:{f.MaximumQos}"))}",
        SubAckPacket s => $"SUBACK id={s.PacketId} {ToHex([.. s.ReturnCodes])}",
        UnsubscribePacket u => $"UNSUBSCRIBE id={u.PacketId} {string.Join(", ", u.Filters)}",
        _ => packet.ToString(),
    };

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
