using System.Diagnostics.Metrics;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests;

public sealed class MqttClientMetricsTests
{
    [Fact]
    public async Task Meter_EdgeMqtt_CountsMessagesBytesAcksAndLosses()
    {
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Edge.Mqtt")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectClientAsync();
        await using var _ = client;

        var publishing = client.PublishAsync("t", "out", MqttQualityOfService.AtLeastOnce);
        await connection.SendAsync(new PubAckPacket((await connection.ReadPacketAsync<PublishPacket>()).PacketId));
        await publishing;
        await connection.SendAsync(new PublishPacket("t", "in"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, false, 1));
        await (await client.ReadAsync()).AcknowledgeAsync();
        await connection.ReadPacketAsync<PubAckPacket>();
        connection.Close();
        await client.LossAsync();

        // Other tests run in parallel on the same static meter: at least this test's share.
        lock (totals)
        {
            Assert.True(totals.GetValueOrDefault("edge.mqtt.messages.published") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.messages.received") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.acks.sent") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.acks.received") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.bytes.sent") >= 10);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.bytes.received") >= 10);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.connection.losses") >= 1);
        }
    }

    [Fact]
    public async Task Meter_EdgeMqtt_CountsResendsReconnectsAndViolations()
    {
        var totals = new Dictionary<string, long>();
        using var listener = Listen(totals);
        await using var server = new FakeMqttServer();
        var options = server.Options("metrics");
        options.CleanSession = false;
        await using var client = new ReconnectingMqttClient(options, new MqttReconnectOptions { MinDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) });
        client.Start();
        var first = await server.AcceptConnectAsync();
        var publishing = client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        await first.ReadPacketAsync<PublishPacket>();

        // A protocol violation ends the first connection; the publish is resent (DUP) on the second.
        await first.SendRawAsync(Convert.FromHexString("F000"));
        var second = await server.AcceptConnectAsync(sessionPresent: true);
        var resent = await second.ReadPacketAsync<PublishPacket>();
        await second.SendAsync(new PubAckPacket(resent.PacketId));
        await publishing.WaitAsync(TestClients.Timeout);

        lock (totals)
        {
            Assert.True(resent.Duplicate);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.publishes.resent") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.reconnects") >= 1);
            Assert.True(totals.GetValueOrDefault("edge.mqtt.protocol.violations") >= 1);
        }
    }

    private static MeterListener Listen(Dictionary<string, long> totals)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Edge.Mqtt")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        return listener;
    }
}
