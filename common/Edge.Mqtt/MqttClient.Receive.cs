using System.Net.Sockets;
using System.Text.Unicode;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// The read loop: parses packets from the PipeReader, completes pending requests and flows, delivers messages. When
/// <see cref="Messages"/> is full it awaits room before reading on, holding the socket unread (TCP back-pressure).
/// On MQTT 5 a protocol violation by the broker is answered with a DISCONNECT naming it before the connection closes.
/// </summary>
public sealed partial class MqttClient
{
    private readonly Dictionary<ushort, string> _topicAliases = [];
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
                while (MqttPacketDecoder.TryDecode(ref buffer, _options.MaxIncomingPacketBytes, _version, out var packet))
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
        catch (ServerDisconnectException disconnect)
        {
            var packet = disconnect.Packet;
            var reasonString = packet.Properties?.ReasonString;
            loss = new MqttConnectionLostException(
                $"the broker disconnected: {packet.ReasonCode}" + (reasonString is null ? string.Empty : $" ({reasonString})"),
                packet.ReasonCode,
                sentByServer: true,
                reasonString,
                packet.Properties?.ServerReference);
        }
        catch (MqttProtocolViolationException violation)
        {
            MqttMetrics.ProtocolViolations.Add(1);
            if (_version == MqttProtocolVersion.V500)
            {
                await SendDisconnectBeforeClosingAsync(violation.ReasonCode);
                loss = new MqttConnectionLostException($"protocol violation: {violation.Message}", violation.ReasonCode, sentByServer: false, innerException: violation);
            }
            else
            {
                loss = new MqttConnectionLostException($"protocol violation: {violation.Message}", violation);
            }
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

    /// <summary>MQTT 5 (section 4.13): DISCONNECT with the violation's reason code, written after what is queued, then close.</summary>
    private async Task SendDisconnectBeforeClosingAsync(MqttReasonCode reasonCode)
    {
        if (!_outgoing.TryEnqueue(new DisconnectPacket { ReasonCode = reasonCode }))
        {
            return;
        }

        _outgoing.Complete();
        try
        {
            await _writeLoop.WaitAsync(DisconnectGrace, _timeProvider);
        }
        catch (TimeoutException)
        {
        }
    }

    private ValueTask HandlePacket(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                return ReceivePublish(publish);
            case PubAckPacket ack:
                AnswerArrived(ack, _session.Outgoing.OnPubAck(ack), final: true);
                return ValueTask.CompletedTask;
            case PubRecPacket rec:
                if (!AnswerArrived(rec, _session.Outgoing.OnPubRec(rec), final: false) && rec.ReasonCode < MqttReasonCode.UnspecifiedError)
                {
                    // Let the broker finish a flow this client does not know (section 4.3.3; MQTT 5 reason 0x92).
                    _outgoing.TryEnqueue(new PubRelPacket(rec.PacketId) { ReasonCode = MqttReasonCode.PacketIdentifierNotFound });
                }

                return ValueTask.CompletedTask;
            case PubCompPacket comp:
                AnswerArrived(comp, _session.Outgoing.OnPubComp(comp), final: true);
                return ValueTask.CompletedTask;
            case SubAckPacket:
            case UnsubAckPacket:
                CompleteRequest(packet);
                return ValueTask.CompletedTask;
            case PubRelPacket release:
                if (!_session.Inbound.Release(release.PacketId))
                {
                    throw MqttProtocolViolationException.ProtocolError($"PUBREL for packet identifier {release.PacketId} before this client sent PUBREC");
                }

                return ValueTask.CompletedTask;
            case PingRespPacket:
                return ValueTask.CompletedTask;
            case DisconnectPacket disconnect when _version == MqttProtocolVersion.V500:
                throw new ServerDisconnectException(disconnect);
            case AuthPacket:
                throw MqttProtocolViolationException.ProtocolError("unexpected Auth: this client started no extended authentication");
            default:
                throw MqttProtocolViolationException.ProtocolError($"unexpected {packet.Type}: a server never sends it to a client after CONNACK");
        }
    }

    /// <summary>Accounts for a PUBACK, PUBREC or PUBCOMP; one for no known flow is logged (or is a violation if a request waits on its identifier).</summary>
    private bool AnswerArrived(PublishResponsePacket answer, bool known, bool final)
    {
        if (known)
        {
            if (final)
            {
                MqttMetrics.AcksReceived.Add(1);
            }

            return true;
        }

        _pending.ThrowIfWaitingForOther(answer.PacketId, answer.Type);
        Log.UnknownPacketId(_logger, _options.ClientId, answer.Type, answer.PacketId);
        return false;
    }

    private void CompleteRequest(MqttPacket response)
    {
        var (packetId, type, codes) = response switch
        {
            SubAckPacket subAck => (subAck.PacketId, MqttPacketType.SubAck, subAck.ReturnCodes.Count),
            UnsubAckPacket unsubAck => (unsubAck.PacketId, MqttPacketType.UnsubAck, unsubAck.ReasonCodes?.Count ?? -1),
            _ => throw new ArgumentException("not an answer to a request", nameof(response)),
        };

        var request = _pending.Take(packetId, type);
        if (request is null)
        {
            Log.UnknownPacketId(_logger, _options.ClientId, type, packetId);
            return;
        }

        if (codes >= 0 && codes != request.FilterCount)
        {
            // The request is out of the pending table already: fail it here, the teardown no longer sees it.
            var violation = MqttProtocolViolationException.ProtocolError(
                type == MqttPacketType.SubAck
                    ? $"SUBACK with {codes} return codes for a SUBSCRIBE of {request.FilterCount} filters"
                    : $"UNSUBACK with {codes} reason codes for an UNSUBSCRIBE of {request.FilterCount} filters");
            request.TrySetException(new MqttConnectionLostException($"protocol violation: {violation.Message}", violation));
            throw violation;
        }

        request.TrySetResult(response);
    }

    private ValueTask ReceivePublish(PublishPacket publish)
    {
        Interlocked.Increment(ref _receivedPublishes);
        MqttMetrics.MessagesReceived.Add(1);
        var topic = publish.Topic;
        var properties = publish.Properties;
        var payloadValid = true;
        if (properties is not null)
        {
            if (properties.TopicAlias is { } alias)
            {
                topic = ResolveTopicAlias(alias, topic);
            }

            payloadValid = properties.PayloadFormatIndicator != 1 || Utf8.IsValid(publish.Payload.Span);
        }

        MqttReceivedMessage message;
        if (publish.Qos == MqttQualityOfService.AtMostOnce)
        {
            if (!payloadValid)
            {
                Log.PayloadFormatInvalid(_logger, _options.ClientId, topic, publish.PacketId);
                return ValueTask.CompletedTask;
            }

            message = new MqttReceivedMessage(topic, publish.Payload, publish.Qos, publish.Retain, publish.Duplicate, 0, acknowledge: null, properties: properties);
        }
        else
        {
            switch (_session.Inbound.Register(publish.PacketId, publish.Qos, out var sequence, out var qos2Entry))
            {
                case InboundRegistration.Refused:
                    Log.NotDelivered(_logger, _options.ClientId, publish.PacketId);
                    return ValueTask.CompletedTask;
                case InboundRegistration.Suppress:
                    Log.NotDeliveredAgain(_logger, _options.ClientId, publish.PacketId);
                    return ValueTask.CompletedTask;
            }

            if (!payloadValid)
            {
                // Refused in its turn with reason 0x99 (MQTT 5 section 3.3.2.3.2); the application never sees it.
                Log.PayloadFormatInvalid(_logger, _options.ClientId, topic, publish.PacketId);
                _session.Inbound.Acknowledge(sequence, qos2Entry, MqttReasonCode.PayloadFormatInvalid);
                return ValueTask.CompletedTask;
            }

            message = new MqttReceivedMessage(topic, publish.Payload, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId,
                _session.Acknowledge, sequence, properties, qos2Entry);
        }

        return _session.Messages.TryWrite(message) ? ValueTask.CompletedTask : DeliverWhenRoomAsync(message);
    }

    /// <summary>MQTT 5 topic aliases from the broker (section 3.3.2.3.4), valid for this connection only.</summary>
    private string ResolveTopicAlias(ushort alias, string topic)
    {
        if (alias == 0 || alias > _options.TopicAliasMaximum)
        {
            throw new MqttProtocolViolationException(
                $"topic alias {alias} is outside 1..{_options.TopicAliasMaximum} (this client's Topic Alias Maximum)", MqttReasonCode.TopicAliasInvalid);
        }

        if (topic.Length > 0)
        {
            _topicAliases[alias] = topic;
            return topic;
        }

        return _topicAliases.TryGetValue(alias, out var known)
            ? known
            : throw MqttProtocolViolationException.ProtocolError($"PUBLISH with an empty topic name and topic alias {alias}, which was never set on this connection");
    }

    /// <summary>
    /// <see cref="Messages"/> is full: wait until the application has read half of it, leaving the socket unread meanwhile. During
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
        var delivered = false;
        try
        {
            await _session.Messages.WriteWhenRoomAsync(message, _deliveryCts.Token);
            delivered = true;
        }
        catch (OperationCanceledException) when (!_connectionCts.IsCancellationRequested)
        {
            // DisconnectAsync: stop delivering, keep reading until the broker closes.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The session ended (its client was stopped): nothing more is delivered.
        }
        finally
        {
            if (!delivered && message.Qos2Entry is { } entry)
            {
                // Never delivered: the session must not take its resend for a duplicate.
                _session.Inbound.Forget(entry);
            }

            _keepAlive.Resume();
            Log.ReadResumed(_logger, _options.ClientId);
        }
    }

    /// <summary>An MQTT 5 DISCONNECT from the broker: ends the read loop with its reason.</summary>
    private sealed class ServerDisconnectException(DisconnectPacket packet) : Exception("the broker sent DISCONNECT")
    {
        public DisconnectPacket Packet { get; } = packet;
    }
}
