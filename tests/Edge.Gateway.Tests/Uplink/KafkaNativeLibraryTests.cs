using Edge.Kafka;

namespace Edge.Gateway.Tests.Uplink;

/// <summary>Confluent.Kafka restores from the placeholder package and runs on Debian's librdkafka.</summary>
public sealed class KafkaNativeLibraryTests
{
    [Fact]
    public void EnsureLoaded_DebianLibrdkafka_ReportsItsVersion()
    {
        var version = Librdkafka.EnsureLoaded();

        Assert.StartsWith("2.", version, StringComparison.Ordinal);
    }
}
