using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>A packet waiting for the broker's answer (PUBACK, SUBACK, UNSUBACK), completed with that answer.</summary>
internal sealed class PendingRequest(MqttPacketType expectedResponse, int filterCount = 0)
    : TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public MqttPacketType ExpectedResponse { get; } = expectedResponse;

    /// <summary>For SUBSCRIBE: the number of filters, which the SUBACK must answer one by one.</summary>
    public int FilterCount { get; } = filterCount;
}
