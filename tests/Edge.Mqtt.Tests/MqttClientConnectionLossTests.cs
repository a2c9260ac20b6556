using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>The broker goes away under a busy client (this class stops its own broker).</summary>
public sealed class MqttClientConnectionLossTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task BrokerStopped_DisconnectedFaultsPendingPublishesFailMessagesComplete()
    {
        var topic = TestClients.NewTopic("loss");
        await using var client = await TestClients.ConnectAsync(_broker, options => options.MaxInflightPublishes = 8, new TestOutputLogger<MqttClient>(output));
        await client.SubscribeAsync(topic);
        using var stop = new CancellationTokenSource();
        var publishers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => PublishUntilFailureAsync(client, topic, stop.Token))).ToList();
        await Task.Delay(300);

        await _broker.StopAsync();
        try
        {
            var loss = await client.LossAsync();
            // A clean close (FIN) or, with bytes still in flight, a reset: either way the reason names the transport.
            Assert.True(
                loss.Message.Contains("the broker closed the connection", StringComparison.Ordinal)
                    || loss.Message.Contains("from the broker failed", StringComparison.Ordinal)
                    || loss.Message.Contains("to the broker failed", StringComparison.Ordinal),
                loss.Message);
            foreach (var failure in await Task.WhenAll(publishers).WaitAsync(TestClients.Timeout))
            {
                Assert.IsType<MqttConnectionLostException>(failure);
            }

            Assert.False(client.IsConnected);
            Assert.Equal(0, client.PendingRequestCount);
            // Messages completes (without an error) once what was received before the loss has been read.
            using var drain = new CancellationTokenSource(TestClients.Timeout);
            await foreach (var _ in client.Messages.ReadAllAsync(drain.Token))
            {
            }

            Assert.True(client.Messages.Completion.IsCompletedSuccessfully);
            await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.PublishAsync(topic, "late", MqttQualityOfService.AtLeastOnce));
            await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.SubscribeAsync(topic));
        }
        finally
        {
            await stop.CancelAsync();
            await _broker.StartAsync();
        }
    }

    /// <summary>Publishes QoS 1 (many at once, so some wait for PUBACK or a slot) until one fails; returns that failure.</summary>
    private static async Task<Exception> PublishUntilFailureAsync(MqttClient client, string topic, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = Enumerable.Range(0, 20).Select(_ => client.PublishAsync(topic, "load", MqttQualityOfService.AtLeastOnce)).ToList();
            try
            {
                await Task.WhenAll(batch);
            }
            catch (Exception)
            {
                // Every publish of the failed batch ended either with its PUBACK or with the connection-lost error.
                foreach (var publish in batch)
                {
                    Assert.True(publish.IsCompletedSuccessfully || publish.Exception?.InnerException is MqttConnectionLostException, $"{publish.Status}: {publish.Exception}");
                }

                return batch.First(p => p.IsFaulted).Exception!.InnerException!;
            }
        }

        return new OperationCanceledException();
    }
}
