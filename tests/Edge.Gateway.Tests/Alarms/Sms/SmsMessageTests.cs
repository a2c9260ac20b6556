using Edge.Gateway.Alarms.Sms;

namespace Edge.Gateway.Tests.Alarms.Sms;

public sealed class SmsMessageTests
{
    [Fact]
    public void TryCreate_ValidAlarm_TrimmedGsm7NotTruncated()
    {
        Assert.True(SmsMessage.TryCreate("+254700000001", "  CRITICAL rg-001 WL 2.7 m\r\n", extensionTable: true, out var message, out _));
        Assert.Equal(new SmsMessage("+254700000001", "CRITICAL rg-001 WL 2.7 m", SmsEncoding.Gsm7, false), message);
    }

    [Fact]
    public void TryCreate_CrLfInside_BecomesLf()
    {
        Assert.True(SmsMessage.TryCreate("+254700000001", "CRITICAL\r\nrg-001\rWL", extensionTable: false, out var message, out _));
        Assert.Equal("CRITICAL\nrg-001\nWL", message.Text);
    }

    [Theory]
    [InlineData("0700000001", "alarm", "E.164")]
    [InlineData("+254700000001", "", "empty")]
    [InlineData("+254700000001", " \n ", "empty")]
    public void TryCreate_InvalidInput_FalseWithReason(string number, string text, string reasonPart)
    {
        Assert.False(SmsMessage.TryCreate(number, text, extensionTable: true, out _, out var reason));
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_LongUcs2Text_TruncatedTo70()
    {
        Assert.True(SmsMessage.TryCreate("+254700000001", "ጎርፍ " + new string('x', 100), extensionTable: true, out var message, out _));
        Assert.Equal(SmsEncoding.Ucs2, message.Encoding);
        Assert.True(message.Truncated);
        Assert.Equal(70, message.Text.Length);
    }
}
