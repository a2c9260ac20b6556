using System.Collections.Concurrent;
using System.Text;
using Edge.Mqtt;

namespace Edge.FirmwareSim.Tests.Fakes;

/// <summary>What the fake broker received: from which client, where, and whether it was a will.</summary>
internal sealed record Delivered(string ClientId, string Topic, string Payload, MqttQualityOfService Qos, bool Retain, bool FromWill);

/// <summary>
/// An in-memory broker for the publishing tests: records every publish and will, can refuse connections, drop every
/// connection, and hold back the acknowledgement of telemetry publishes.
/// </summary>
internal sealed class FakeBroker
{
    private readonly Lock _gate = new();
    private readonly List<FakeMqttClient> _connected = [];
    private volatile bool _accepting = true;
    private volatile TaskCompletionSource? _telemetryAcks;
    private int _refusedConnections;

    public ConcurrentQueue<Delivered> Messages { get; } = new();

    public ConcurrentQueue<MqttClientOptions> Connections { get; } = new();

    public int RefusedConnections => Volatile.Read(ref _refusedConnections);

    public bool Accepting
    {
        get => _accepting;
        set => _accepting = value;
    }

    public IMqttClient Create(MqttClientOptions options) => new FakeMqttClient(this, options);

    public void HoldTelemetryAcknowledgements() => _telemetryAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseTelemetryAcknowledgements() => _telemetryAcks?.TrySetResult();

    /// <summary>Ends every connection as a network failure would: the broker publishes the wills.</summary>
    public void DropConnections()
    {
        FakeMqttClient[] clients;
        lock (_gate)
        {
            clients = [.. _connected];
        }

        foreach (var client in clients)
        {
            client.Drop();
        }
    }

    public IReadOnlyList<Delivered> Telemetry(string deviceId) =>
        [.. Messages.Where(message => message.Topic == $"devices/{deviceId}/telemetry")];

    public IReadOnlyList<Delivered> Status(string deviceId) =>
        [.. Messages.Where(message => message.Topic == $"devices/{deviceId}/status")];

    internal void Register(FakeMqttClient client, bool connected)
    {
        lock (_gate)
        {
            if (connected)
            {
                _connected.Add(client);
            }
            else
            {
                _connected.Remove(client);
            }
        }
    }

    internal void Refused() => Interlocked.Increment(ref _refusedConnections);

    internal Task AcknowledgementOf(string topic) =>
        topic.EndsWith("/telemetry", StringComparison.Ordinal) && _telemetryAcks is { } acks ? acks.Task : Task.CompletedTask;

    internal void Receive(MqttClientOptions client, MqttApplicationMessage message, bool fromWill) =>
        Messages.Enqueue(new Delivered(client.ClientId, message.Topic, Encoding.UTF8.GetString(message.Payload.Span), message.Qos, message.Retain, fromWill));
}
