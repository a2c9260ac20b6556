namespace Edge.Testing;

/// <summary>
/// A test that needs a Kafka broker: runs where <c>EDGE_TEST_KAFKA</c> names one (<c>host:port</c>), and is reported as
/// skipped, with the reason, everywhere else (no Kafka broker can be installed on the project's machines).
/// </summary>
public sealed class KafkaFactAttribute : FactAttribute
{
    public const string Variable = "EDGE_TEST_KAFKA";

    public KafkaFactAttribute()
    {
        if (string.IsNullOrEmpty(BootstrapServers))
        {
            Skip = $"{Variable} is not set: no Kafka broker to test against (set {Variable}=host:port to run this test)";
        }
    }

    public static string? BootstrapServers => Environment.GetEnvironmentVariable(Variable);
}
