using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

public sealed class RemainingLengthTests
{
    // Section 2.2.3, table 2.4: the boundaries of one to four bytes.
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "80 01")]
    [InlineData(16_383, "FF 7F")]
    [InlineData(16_384, "80 80 01")]
    [InlineData(2_097_151, "FF FF 7F")]
    [InlineData(2_097_152, "80 80 80 01")]
    [InlineData(268_435_455, "FF FF FF 7F")]
    public void Write_Boundary_MatchesSpecTable(int value, string hex)
    {
        Span<byte> buffer = stackalloc byte[4];

        var written = RemainingLength.Write(value, buffer);

        Assert.Equal(hex, ToHex(buffer[..written]));
        Assert.Equal(written, RemainingLength.GetSize(value));
    }

    [Theory]
    [InlineData("00", 0, 1)]
    [InlineData("7F", 127, 1)]
    [InlineData("80 01", 128, 2)]
    [InlineData("FF 7F", 16_383, 2)]
    [InlineData("80 80 01", 16_384, 3)]
    [InlineData("FF FF 7F", 2_097_151, 3)]
    [InlineData("80 80 80 01", 2_097_152, 4)]
    [InlineData("FF FF FF 7F", 268_435_455, 4)]
    [InlineData("C1 02 99", 321, 2)]
    public void TryRead_Boundary_ReadsValueAndLength(string hex, int value, int consumed)
    {
        Assert.Equal(OperationStatus.Done, RemainingLength.TryRead(FromHex(hex), out var read, out var bytes));
        Assert.Equal(value, read);
        Assert.Equal(consumed, bytes);
    }

    [Theory]
    [InlineData("FF FF FF FF 01")]
    [InlineData("FF FF FF FF")]
    [InlineData("80 80 80 80 00")]
    public void TryRead_ContinuationInFourthByte_IsInvalid(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, RemainingLength.TryRead(FromHex(hex), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("FF FF")]
    [InlineData("FF FF FF")]
    public void TryRead_EndsInsideVarint_NeedsMoreData(string hex)
    {
        Assert.Equal(OperationStatus.NeedMoreData, RemainingLength.TryRead(FromHex(hex), out _, out _));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(268_435_456)]
    [InlineData(int.MaxValue)]
    public void GetSize_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RemainingLength.GetSize(value));
    }

    [Fact]
    public void WriteThenRead_EveryBitLength_RoundTrips()
    {
        Span<byte> buffer = stackalloc byte[4];
        for (var bits = 0; bits <= 28; bits++)
        {
            foreach (var value in new[] { (1 << bits) - 1, Math.Min(1 << bits, RemainingLength.Max) })
            {
                var written = RemainingLength.Write(value, buffer);
                Assert.Equal(OperationStatus.Done, RemainingLength.TryRead(buffer[..written], out var read, out var consumed));
                Assert.Equal((value, written), (read, consumed));
            }
        }
    }
}
