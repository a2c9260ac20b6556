using System.Net.Sockets;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// The read loop: parses packets from the PipeReader, completes pending requests, delivers messages. When
/// <see cref="Messages"/> is full it awaits room before reading on, holding the socket unread (TCP back-pressure).
/// </summary>
public sealed partial class MqttClient
{
    private long _receivedPublishes;

    private async Task ReadLoopAsync()
    {
        var input = _input!;
        var cancellationToken = _connectionCts.Token;
        MqttConnectionLostException? loss = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                _keepAlive.MarkReceived();
                var buffer = result.Buffer;
                var unparsed = buffer.Length;
                while (MqttPacketDecoder.TryDecode(ref buffer, _options.MaxIncomingPacketBytes, out var packet))
                {
                    var handling = HandlePacket(packet);
                    if (!handling.IsCompletedSuccessfully)
                    {
                        await handling;
                    }
                }

                MqttMetrics.BytesReceived.Add(unparsed - buffer.Length);
                if (result.IsCompleted)
                {
                    loss = new MqttConnectionLostException(buffer.IsEmpty
                        ? "the broker closed the connection"
                        : "the broker closed the connection in the middle of a packet");
                    break;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (MqttProtocolViolationException violation)
        {
            loss = new MqttConnectionLostException($"protocol violation: {violation.Message}", violation);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            loss = new MqttConnectionLostException($"reading from the broker failed: {exception.Message}", exception);
        }
        catch (Exception exception)
        {
            loss = new MqttConnectionLostException($"unexpected error in the read loop: {exception.Message}", exception);
        }
        finally
        {
            await input.CompleteAsync();
        }

        if (loss is not null)
        {
            OnConnectionLost(loss);
        }
    }

    private ValueTask HandlePacket(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                return ReceivePublish(publish);
            case PubAckPacket:
            case SubAckPacket:
            case UnsubAckPacket:
                CompleteRequest(packet);
                return ValueTask.CompletedTask;
            case PubRelPacket release:
                if (!_inbound.Release(release.PacketId))
                {
                    throw new MqttProtocolViolationException($"PUBREL for packet identifier {release.PacketId} before this client sent PUBREC");
                }

                return ValueTask.CompletedTask;
            case PingRespPacket:
                return ValueTask.CompletedTask;
            case PubRecPacket or PubCompPacket:
                throw new MqttProtocolViolationException($"unexpected {packet.Type}: this client never publishes at QoS 2");
            default:
                throw new MqttProtocolViolationException($"unexpected {packet.Type}: a server never sends it to a client after CONNACK");
        }
    }

    private void CompleteRequest(MqttPacket response)
    {
        var (packetId, type) = response switch
        {
            PubAckPacket ack => (ack.PacketId, MqttPacketType.PubAck),
            SubAckPacket subAck => (subAck.PacketId, MqttPacketType.SubAck),
            UnsubAckPacket unsubAck => (unsubAck.PacketId, MqttPacketType.UnsubAck),
            _ => throw new ArgumentException("not an answer to a request", nameof(response)),
        };

        var request = _pending.Take(packetId, type);
        if (request is null)
        {
            Log.UnknownPacketId(_logger, _options.ClientId, type, packetId);
            return;
        }

        if (response is SubAckPacket subAckPacket && subAckPacket.ReturnCodes.Count != request.FilterCount)
        {
            // The request is out of the pending table already: fail it here, the teardown no longer sees it.
            var violation = new MqttProtocolViolationException(
                $"SUBACK with {subAckPacket.ReturnCodes.Count} return codes for a SUBSCRIBE of {request.FilterCount} filters");
            request.TrySetException(new MqttConnectionLostException($"protocol violation: {violation.Message}", violation));
            throw violation;
        }

        if (type == MqttPacketType.PubAck)
        {
            MqttMetrics.AcksReceived.Add(1);
            _inflightSlots.Release();
        }

        request.TrySetResult(response);
    }

    private ValueTask ReceivePublish(PublishPacket publish)
    {
        Interlocked.Increment(ref _receivedPublishes);
        MqttMetrics.MessagesReceived.Add(1);
        MqttReceivedMessage message;
        if (publish.Qos == MqttQualityOfService.AtMostOnce)
        {
            message = new MqttReceivedMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain, publish.Duplicate, 0, acknowledge: null);
        }
        else if (_inbound.TryRegister(publish.PacketId, publish.Qos, out var sequence))
        {
            message = new MqttReceivedMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId, _acknowledge, sequence);
        }
        else
        {
            Log.NotDelivered(_logger, _options.ClientId, publish.PacketId);
            return ValueTask.CompletedTask;
        }

        return _messages.Writer.TryWrite(message) ? ValueTask.CompletedTask : DeliverWhenRoomAsync(message);
    }

    /// <summary>
    /// <see cref="Messages"/> is full: wait for the application, leaving the socket unread meanwhile. During
    /// DisconnectAsync the message is dropped instead (a QoS 1/2 message is redelivered to a kept session).
    /// </summary>
    private async ValueTask DeliverWhenRoomAsync(MqttReceivedMessage message)
    {
        if (_deliveryCts.IsCancellationRequested)
        {
            return;
        }

        Log.ReadPaused(_logger, _options.ClientId, _options.MaxPendingMessages);
        _keepAlive.Pause();
        try
        {
            await _messages.Writer.WriteAsync(message, _deliveryCts.Token);
        }
        catch (OperationCanceledException) when (!_connectionCts.IsCancellationRequested)
        {
            // DisconnectAsync: stop delivering, keep reading until the broker closes.
        }
        finally
        {
            _keepAlive.Resume();
            Log.ReadResumed(_logger, _options.ClientId);
        }
    }
}
