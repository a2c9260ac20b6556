using System.Text;
using Edge.Gateway.Sources;

namespace Edge.Gateway.Tests;

/// <summary>Builds inbound messages as the MQTT source hands them over, recording when each is acknowledged.</summary>
internal sealed class Inbound
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly List<string> _acknowledged = [];

    public IReadOnlyList<string> Acknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return [.. _acknowledged];
            }
        }
    }

    public InboundMessage Telemetry(string deviceId, string json, bool redelivered = false, DateTimeOffset? receivedAt = null) =>
        Message($"devices/{deviceId}/telemetry", Encoding.UTF8.GetBytes(json), redelivered, receivedAt);

    public InboundMessage Message(string topic, byte[] payload, bool redelivered = false, DateTimeOffset? receivedAt = null)
    {
        var tag = topic + "#" + Guid.NewGuid().ToString("N");
        return new InboundMessage("mqtt", topic, payload, receivedAt ?? ReceivedAt, redelivered, _ =>
        {
            lock (_acknowledged)
            {
                _acknowledged.Add(tag);
            }

            return ValueTask.CompletedTask;
        });
    }
}
