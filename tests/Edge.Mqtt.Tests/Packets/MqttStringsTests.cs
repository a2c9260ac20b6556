using System.Text;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Packets;

public sealed class MqttStringsTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("ü/日本/𝄞")]
    [InlineData("\uFEFF-bom-kept")]
    public void Decode_WellFormedUtf8_ReturnsString(string value)
    {
        Assert.Equal(value, MqttStrings.Decode(Encoding.UTF8.GetBytes(value), "test"));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]              // bad continuation byte
    [InlineData(new byte[] { 0xC0, 0xAF })]              // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // UTF-16 surrogate D800 encoded in UTF-8
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]  // beyond U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })]              // truncated sequence
    [InlineData(new byte[] { 0xFF })]
    public void Decode_IllFormedUtf8_IsProtocolViolation(byte[] bytes)
    {
        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttStrings.Decode(bytes, "topic"));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NullCharacter_IsProtocolViolation()
    {
        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttStrings.Decode("a\0b"u8, "topic"));
        Assert.Contains("U+0000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValidAndNullCharacter_ReportsOnlyTheNull()
    {
        Assert.Null(MqttStrings.Check("ok/𝄞"));
        Assert.Contains("U+0000", MqttStrings.Check("a\0b"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xD800, "")]
    [InlineData(0xDC00, "x")]
    [InlineData(0xDBFF, "y")]
    public void Check_UnpairedSurrogate_IsReported(int surrogate, string around)
    {
        // Built at run time: a lone surrogate does not survive as an attribute argument.
        var value = around + (char)surrogate + around;

        Assert.Contains("surrogate", MqttStrings.Check(value), StringComparison.Ordinal);
        Assert.False(MqttStrings.IsWellFormed(value));
    }

    [Fact]
    public void IsWellFormed_SurrogatePair_IsTrue()
    {
        Assert.True(MqttStrings.IsWellFormed("\uD834\uDD1E"));
        Assert.False(MqttStrings.IsWellFormed("\uDD1E\uD834"));
    }

    [Fact]
    public void Check_LengthInUtf8Bytes_LimitIs65535()
    {
        Assert.Null(MqttStrings.Check(new string('a', 65_535)));
        Assert.NotNull(MqttStrings.Check(new string('a', 65_536)));

        // 32,768 two-byte characters are 65,536 bytes although only 32,768 chars.
        Assert.NotNull(MqttStrings.Check(new string('ü', 32_768)));
    }
}
