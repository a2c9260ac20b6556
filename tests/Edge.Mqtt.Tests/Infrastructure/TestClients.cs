using System.Text;
using Edge.Testing;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>Clients under test against a <see cref="MosquittoBroker"/>, with unique ids and topics per test.</summary>
internal static class TestClients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string NewClientId(string prefix = "edge") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewTopic(string name) => $"test/{name}/{Guid.NewGuid():N}";

    public static MqttClientOptions Options(MosquittoBroker broker, string? clientId = null) =>
        new MqttClientOptions { ClientId = clientId ?? NewClientId(), ConnectTimeout = TimeSpan.FromSeconds(5) }.WithBroker(broker.Address);

    public static async Task<MqttClient> ConnectAsync(MosquittoBroker broker, MqttProtocolVersion version, Action<MqttClientOptions>? configure = null, ILogger<MqttClient>? logger = null) =>
        await ConnectAsync(broker, options =>
        {
            options.ProtocolVersion = version;
            configure?.Invoke(options);
        }, logger);

    public static async Task<MqttClient> ConnectAsync(MosquittoBroker broker, Action<MqttClientOptions>? configure = null, ILogger<MqttClient>? logger = null)
    {
        var options = Options(broker);
        configure?.Invoke(options);
        var client = new MqttClient(options, logger);
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }

    public static async Task SubscribeAsync(this MqttClient client, string filter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce)
    {
        var results = await client.SubscribeAsync([new MqttTopicFilter(filter, qos)], CancellationToken.None);
        Assert.Equal(qos, Assert.Single(results).GrantedQos);
    }

    public static Task PublishAsync(this MqttClient client, string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce) =>
        client.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(payload), qos), CancellationToken.None);

    /// <summary>The next message, or a <see cref="TimeoutException"/>.</summary>
    public static async Task<MqttReceivedMessage> ReadAsync(this MqttClient client, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            return await client.Messages.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message within {timeout ?? Timeout}");
        }
    }

    public static async Task<List<MqttReceivedMessage>> ReadAsync(this MqttClient client, int count, TimeSpan? timeout = null)
    {
        var messages = new List<MqttReceivedMessage>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(await client.ReadAsync(timeout));
        }

        return messages;
    }

    public static string Text(this MqttReceivedMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    /// <summary>Awaits <see cref="IMqttClient.Disconnected"/> and returns the connection-lost exception it faulted with.</summary>
    public static async Task<MqttConnectionLostException> LossAsync(this MqttClient client, TimeSpan? timeout = null)
    {
        var exception = await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.Disconnected.WaitAsync(timeout ?? Timeout));
        return exception;
    }
}
