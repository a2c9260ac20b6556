using Edge.Mqtt;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Delivers a device's buffered readings over one connection, in order and one at a time. A reading is taken out of
/// the buffer only to be published, and counts as acknowledged only once <see cref="IMqttClient.PublishAsync"/> has
/// completed; if the connection fails first, the reading is kept and sent first on the next connection.
/// </summary>
internal sealed class ReadingSender(string topic, MqttQualityOfService qos, DeviceCounters counters)
{
    private PendingReading? _inHand;
    private bool _inHandPublished;

    /// <summary>Returns when the buffer is complete and everything in it acknowledged; throws when the connection fails.</summary>
    public async Task SendUntilDrainedAsync(IMqttClient client, ReadingBuffer buffer, CancellationToken cancellationToken)
    {
        while ((_inHand ??= await NextAsync(client, buffer, cancellationToken)) is { } reading)
        {
            if (!_inHandPublished)
            {
                _inHandPublished = true;
                counters.ReadingPublished();
            }

            await client.PublishAsync(new MqttApplicationMessage(topic, reading.Payload, qos), cancellationToken);
            counters.ReadingAcknowledged();
            _inHand = null;
            _inHandPublished = false;
        }
    }

    private static async Task<PendingReading?> NextAsync(IMqttClient client, ReadingBuffer buffer, CancellationToken cancellationToken)
    {
        PendingReading? reading;
        while (!buffer.TryTake(out reading))
        {
            var available = buffer.WaitAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(available, client.Disconnected) == client.Disconnected)
            {
                await client.Disconnected;
                throw new MqttConnectionLostException("the connection ended while the device was idle");
            }

            if (!await available)
            {
                return null;
            }
        }

        return reading;
    }
}
