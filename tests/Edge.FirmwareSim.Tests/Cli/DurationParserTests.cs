using Edge.FirmwareSim.Cli;

namespace Edge.FirmwareSim.Tests.Cli;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("60s", 60)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("45", 45)]
    [InlineData("00:01:30", 90)]
    [InlineData(" 10S ", 10)]
    public void TryParse_WrittenDuration_ReadsIt(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("1e300s")]
    [InlineData("99999999d")]
    public void TryParse_NotADuration_Refuses(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
