using Edge.Gateway.Alarms.Sms;

namespace Edge.Gateway.Tests.Alarms.Sms;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+254700000001")]
    [InlineData("+12025550123")]
    [InlineData("+6834002")]
    [InlineData("+123456789012345")]
    public void IsValid_E164Number_True(string number) => Assert.True(PhoneNumber.IsValid(number));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0700000001")]
    [InlineData("254700000001")]
    [InlineData("+0254700000001")]
    [InlineData("+254 700 000 001")]
    [InlineData("+254-700-000001")]
    [InlineData("+254700000001\n")]
    [InlineData("+1234567890123456")]
    [InlineData("+12345")]
    [InlineData("+25470000000A")]
    [InlineData("+２５４７００００００００１")]
    public void IsValid_NotE164_False(string? number) => Assert.False(PhoneNumber.IsValid(number));

    [Fact]
    public void Mask_Number_HidesMiddleDigits() => Assert.Equal("+2547******01", PhoneNumber.Mask("+254700000001"));
}
