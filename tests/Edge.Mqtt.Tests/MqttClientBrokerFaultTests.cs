using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// The broker restarts in the middle of a stream (SIGTERM: Mosquitto saves its sessions as it stops, so this is the
/// planned restart of an upgrade or a reboot). Both sides are <see cref="ReconnectingMqttClient"/>s with persistent
/// sessions: our client publishing and our client receiving. Counted exactly: no QoS 1 message lost, no QoS 2
/// message lost or delivered twice.
/// </summary>
public sealed class MqttClientBrokerRestartTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private const int PerQos = 300;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task BrokerRestarted_MidStream_NoQos1LostNoQos2LostOrDuplicated(MqttProtocolVersion version)
    {
        var broker = fixture.Broker;
        await using var stream = new SessionStream(broker.Address, broker.Address, version, PerQos, new TestOutputLoggerFactory(output));
        await stream.StartAsync();

        var publishing = stream.PublishAllAsync();
        await stream.WhenCompletedAsync(PerQos / 3).WaitAsync(TestClients.Timeout);
        await broker.RestartAsync();
        output.WriteLine($"restarted after {stream.Completed} publishes had completed");

        await publishing.WaitAsync(TimeSpan.FromSeconds(60));
        await stream.WaitForAllAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(stream.Ledger.Summary(MqttQualityOfService.AtLeastOnce));
        output.WriteLine(stream.Ledger.Summary(MqttQualityOfService.ExactlyOnce));
        Assert.Empty(stream.Ledger.Missing(MqttQualityOfService.AtLeastOnce));
        Assert.Empty(stream.Ledger.Missing(MqttQualityOfService.ExactlyOnce));
        Assert.Empty(stream.Ledger.Duplicated(MqttQualityOfService.ExactlyOnce));
        Assert.True(stream.Publisher.ConnectionCount >= 2 && stream.Receiver.ConnectionCount >= 2, "both reconnected");
    }
}

/// <summary>
/// The broker is killed (SIGKILL) in the middle of a stream and started again. Mosquitto keeps state on disk only when
/// it saves (here every second, <c>autosave_interval 1</c>), so a kill loses whatever changed since the last save, a
/// loss no client can make up for. The test therefore kills it mid-stream for the clients, but once its own state is
/// saved: the publisher's packets stop reaching the broker (a TCP proxy swallows them: they are "sent" and never
/// arrive) and the receiving application holds its acknowledgements, for longer than a save interval; then the kill.
/// The receiver holds its acknowledgements from a little before, so that it has deliveries unanswered too. After the
/// restart both sessions resume (resends with DUP both ways), and everything is counted exactly.
/// </summary>
public sealed class MqttClientBrokerKillTests(AutosaveBrokerFixture fixture, ITestOutputHelper output) : IClassFixture<AutosaveBrokerFixture>
{
    private const int PerQos = 300;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task BrokerKilled_MidStream_NoQos1LostNoQos2LostOrDuplicated(MqttProtocolVersion version)
    {
        var broker = fixture.Broker;
        await using var proxy = new TcpProxy(broker.Port);
        await using var stream = new SessionStream(proxy.Address, broker.Address, version, PerQos, new TestOutputLoggerFactory(output));
        await stream.StartAsync();

        var publishing = stream.PublishAllAsync();
        await stream.WhenCompletedAsync(PerQos / 3).WaitAsync(TestClients.Timeout);
        stream.HoldAcknowledgements = true;
        await stream.WhenCompletedAsync(stream.Completed + 60).WaitAsync(TestClients.Timeout);
        proxy.SwallowClientBytes = true;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var receivedBeforeKill = stream.Ledger.Distinct(MqttQualityOfService.ExactlyOnce) + stream.Ledger.Distinct(MqttQualityOfService.AtLeastOnce);
        var publisherInFlight = stream.Publisher.Session.Outgoing.Count;
        var receiverUnanswered = stream.Receiver.Session.Inbound.AwaitingRelease;
        await broker.KillAsync();
        proxy.SwallowClientBytes = false;
        await broker.StartAsync();
        stream.HoldAcknowledgements = false;
        output.WriteLine($"killed with {publisherInFlight} publishes unanswered at the publisher, {receiverUnanswered} QoS 2 deliveries unanswered at the receiver, {receivedBeforeKill} received");

        await publishing.WaitAsync(TimeSpan.FromSeconds(60));
        await stream.WaitForAllAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(stream.Ledger.Summary(MqttQualityOfService.AtLeastOnce));
        output.WriteLine(stream.Ledger.Summary(MqttQualityOfService.ExactlyOnce));
        Assert.True(publisherInFlight > 0, "the kill came while the publisher had publishes in flight");
        Assert.True(receiverUnanswered > 0, "the kill came while the receiver had QoS 2 deliveries unanswered");
        Assert.Empty(stream.Ledger.Missing(MqttQualityOfService.AtLeastOnce));
        Assert.Empty(stream.Ledger.Missing(MqttQualityOfService.ExactlyOnce));
        Assert.Empty(stream.Ledger.Duplicated(MqttQualityOfService.ExactlyOnce));
    }
}
