using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Mqtt;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Credentials;

/// <summary>
/// Sends commands to Mosquitto's dynamic-security plugin: JSON published to <c>$CONTROL/dynamic-security/v1</c> as its
/// admin, answers read from <c>$CONTROL/dynamic-security/v1/response</c>. One short MQTT 5 connection per call (calls
/// are rare: a technician's click); every command carries correlation data, since every admin connected receives
/// every answer.
/// </summary>
internal sealed class DynamicSecurityClient(IOptions<BrokerOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    private const string CommandTopic = "$CONTROL/dynamic-security/v1";
    private const string ResponseTopic = "$CONTROL/dynamic-security/v1/response";

    /// <summary>
    /// Runs the commands in order; an answer's error fails the call unless <paramref name="tolerated"/> accepts it
    /// (e.g. "Client not found" when deleting).
    /// </summary>
    public async Task ExecuteAsync(IReadOnlyList<JsonObject> commands, Func<string, bool> tolerated, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new BrokerUnavailableException("no broker admin is configured (Broker:AdminUsername)");
        }

        var call = Guid.NewGuid().ToString("N");
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        var payload = new JsonArray();
        for (var i = 0; i < commands.Count; i++)
        {
            var command = (JsonObject)commands[i].DeepClone();
            var correlation = $"{call}:{i}";
            command["correlationData"] = correlation;
            pending[correlation] = (string)command["command"]!;
            payload.Add(command);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await using var client = new MqttClient(new MqttClientOptions
            {
                ClientId = "edge-cloud-dynsec-" + call,
                ProtocolVersion = MqttProtocolVersion.V500,
                Username = settings.AdminUsername,
                Password = settings.AdminPassword,
                ConnectTimeout = settings.Timeout,
            }.WithBroker(settings.Address), loggerFactory.CreateLogger<MqttClient>(), timeProvider);
            await client.ConnectAsync(timeout.Token);
            var subscribed = await client.SubscribeAsync([new MqttTopicFilter(ResponseTopic)], timeout.Token);
            if (!subscribed[0].Succeeded)
            {
                throw new BrokerUnavailableException($"the broker refused the admin's subscription to {ResponseTopic}: {subscribed[0].ReasonCode}");
            }

            var published = await client.PublishAsync(new MqttApplicationMessage(CommandTopic,
                JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["commands"] = payload }), MqttQualityOfService.AtLeastOnce), timeout.Token);
            if (!published.IsSuccess)
            {
                throw new BrokerUnavailableException($"the broker refused the admin's command: {published.ReasonCode}");
            }

            await foreach (var message in client.Messages.ReadAllAsync(timeout.Token))
            {
                await message.AcknowledgeAsync(timeout.Token);
                CheckAnswers(message.Payload, pending, tolerated);
                if (pending.Count == 0)
                {
                    await client.DisconnectAsync(timeout.Token);
                    return;
                }
            }

            throw new BrokerUnavailableException("the broker closed the connection before answering");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException($"no answer from the broker at {settings.Address} within {settings.Timeout}");
        }
        catch (MqttException e)
        {
            throw new BrokerUnavailableException($"the broker at {settings.Address} is not available to its admin: {e.Message}", e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new BrokerUnavailableException($"the broker at {settings.Address} is not reachable: {e.Message}", e);
        }
    }

    private static void CheckAnswers(ReadOnlyMemory<byte> payload, Dictionary<string, string> pending, Func<string, bool> tolerated)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(payload.Span);
        }
        catch (JsonException)
        {
            return;
        }

        if (document?["responses"] is not JsonArray responses)
        {
            return;
        }

        foreach (var response in responses)
        {
            if (response?["correlationData"]?.GetValue<string>() is not { } correlation || !pending.Remove(correlation, out var command))
            {
                continue;
            }

            if (response["error"]?.GetValue<string>() is { } error && !tolerated(error))
            {
                throw new BrokerUnavailableException($"the broker refused {command}: {error}");
            }
        }
    }
}
