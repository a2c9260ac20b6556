using Edge.Mqtt.Topics;

namespace Edge.Mqtt.Tests.Topics;

public sealed class MqttTopicsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("a/b/c")]
    [InlineData("/")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData(" ")]
    [InlineData("$SYS/broker")]
    [InlineData("ü/日本/𝄞")]
    [InlineData("devices/rg-001/telemetry")]
    public void CheckName_ValidTopicName_IsNull(string topic) => Assert.Null(MqttTopics.CheckName(topic));

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("a/+", "wildcard")]
    [InlineData("+", "wildcard")]
    [InlineData("a/#", "wildcard")]
    [InlineData("a#b", "wildcard")]
    [InlineData("a\0b", "U+0000")]
    public void CheckName_InvalidTopicName_SaysWhy(string? topic, string why) =>
        Assert.Contains(why, MqttTopics.CheckName(topic), StringComparison.Ordinal);

    [Fact]
    public void CheckName_LengthLimit_Is65535Utf8Bytes()
    {
        Assert.Null(MqttTopics.CheckName(new string('a', 65_535)));
        Assert.Contains("65535", MqttTopics.CheckName(new string('a', 65_536)), StringComparison.Ordinal);
        Assert.NotNull(MqttTopics.CheckName(new string('日', 21_846)));
    }

    [Fact]
    public void CheckName_UnpairedSurrogate_IsInvalid() =>
        Assert.Contains("surrogate", MqttTopics.CheckName("a/" + (char)0xD800), StringComparison.Ordinal);

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("a/+/b")]
    [InlineData("+/+")]
    [InlineData("/+")]
    [InlineData("+/")]
    [InlineData("+/tennis/#")]
    [InlineData("sport/tennis/player1/#")]
    [InlineData("a//b")]
    [InlineData("$SYS/#")]
    [InlineData("/")]
    [InlineData("plain")]
    [InlineData("$share/group/sport/+")]
    [InlineData("$share/g/#")]
    [InlineData("$share/consumers/devices/+/telemetry")]
    [InlineData("$share/g//")]
    [InlineData("$share")]
    [InlineData("$shared/x/y")]
    public void CheckFilter_ValidFilter_IsNull(string filter) => Assert.Null(MqttTopics.CheckFilter(filter));

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("a#", "'#'")]
    [InlineData("sport/tennis#", "'#'")]
    [InlineData("sport/tennis/#/ranking", "'#'")]
    [InlineData("#/", "'#'")]
    [InlineData("a/##", "'#'")]
    [InlineData("a+", "'+'")]
    [InlineData("sport+", "'+'")]
    [InlineData("+a", "'+'")]
    [InlineData("a/b+/c", "'+'")]
    [InlineData("++", "'+'")]
    [InlineData("a\0", "U+0000")]
    // MQTT 5 section 4.8.2: $share/{ShareName}/{filter}, a share name of at least one character without '+' or '#'
    [InlineData("$share/", "share name")]
    [InlineData("$share//a", "share name")]
    [InlineData("$share/g+/a", "share name")]
    [InlineData("$share/#/a", "share name")]
    [InlineData("$share/group", "topic filter after its share name")]
    [InlineData("$share/group/", "topic filter after its share name")]
    [InlineData("$share/group/a#", "'#'")]
    [InlineData("$share/group/a/+b", "'+'")]
    public void CheckFilter_InvalidFilter_SaysWhy(string? filter, string why) =>
        Assert.Contains(why, MqttTopics.CheckFilter(filter), StringComparison.Ordinal);

    [Fact]
    public void ValidateFilter_Invalid_ThrowsArgumentExceptionNamingTheParameter()
    {
        var error = Assert.Throws<ArgumentException>(() => MqttTopics.ValidateFilter("a/#/b", "filters"));

        Assert.Equal("filters", error.ParamName);
    }

    [Fact]
    public void ValidateName_Wildcard_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => MqttTopics.ValidateName("a/+", "message"));
}
