using Edge.Mqtt.Topics;

namespace Edge.Mqtt.Tests.Topics;

/// <summary>The examples of section 4.7 of the specification, and the edges around them.</summary>
public sealed class MqttTopicFilterMatcherTests
{
    [Theory]
    // 4.7.1.2 multi-level wildcard
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/#", "sports", false)]
    [InlineData("sport/#", "sport/", true)]
    [InlineData("#", "anything/at/all", true)]
    [InlineData("#", "/", true)]
    // 4.7.1.3 single-level wildcard
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+", "finance", true)]
    [InlineData("+/tennis/#", "sport/tennis/player1", true)]
    [InlineData("+/tennis/#", "sport/tennis", true)]
    [InlineData("+/tennis/#", "sport/golf", false)]
    // exact and empty levels
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/b/", false)]
    [InlineData("a/b", "a", false)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    [InlineData("A", "a", false)]
    // 4.7.2 topics beginning with $
    [InlineData("#", "$SYS/broker/clients", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("a/#", "a/$b", true)]
    // MQTT 5 section 4.8.2: a shared subscription matches what its filter part matches
    [InlineData("$share/group/sport/+", "sport/tennis", true)]
    [InlineData("$share/group/sport/+", "sport/tennis/player1", false)]
    [InlineData("$share/group/#", "anything", true)]
    [InlineData("$share/group/#", "$SYS/x", false)]
    [InlineData("$share/g/$SYS/#", "$SYS/x", true)]
    [InlineData("$share/group", "group", false)]
    public void Matches_SpecExamples(string filter, string topic, bool matches) =>
        Assert.Equal(matches, MqttTopicFilterMatcher.Matches(filter, topic));
}
