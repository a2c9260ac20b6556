using Edge.Testing;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// A <see cref="MosquittoBroker"/> per test class, with extra configuration lines given by derived fixtures
/// (password file, packet log).
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    public BrokerFixture()
        : this([])
    {
    }

    protected BrokerFixture(IEnumerable<string> extraConfiguration)
    {
        Broker = MosquittoBroker.WithConfiguration(extraConfiguration);
    }

    public MosquittoBroker Broker { get; }

    public virtual Task InitializeAsync() => Broker.InitializeAsync();

    public Task DisposeAsync() => Broker.DisposeAsync();
}

/// <summary>A broker that logs every packet (Mosquitto flushes that log only when it exits).</summary>
public sealed class DebugLogBrokerFixture() : BrokerFixture(["log_type all"]);

/// <summary>
/// A broker that writes its persistence file every second (<c>autosave_interval 1</c>): Mosquitto otherwise saves only
/// when it shuts down, so a SIGKILL would lose every session change since it started.
/// </summary>
public sealed class AutosaveBrokerFixture() : BrokerFixture(["autosave_interval 1"]);
