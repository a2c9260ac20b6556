using Edge.Testing;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// A <see cref="MosquittoBroker"/> per test class. (xUnit wants a fixture with a single public constructor, which
/// MosquittoBroker does not have; derived fixtures pass extra configuration lines.)
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    public BrokerFixture()
        : this([])
    {
    }

    protected BrokerFixture(IEnumerable<string> extraConfiguration)
    {
        Broker = new MosquittoBroker(extraConfiguration);
    }

    public MosquittoBroker Broker { get; }

    public virtual Task InitializeAsync() => Broker.InitializeAsync();

    public Task DisposeAsync() => Broker.DisposeAsync();
}

/// <summary>A broker that logs every packet (Mosquitto flushes that log only when it exits).</summary>
public sealed class DebugLogBrokerFixture() : BrokerFixture(["log_type all"]);
