using System.Text;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>CONNECT and CONNACK: what this client asks for, what the broker grants, and resuming the session.</summary>
public sealed partial class MqttClient
{
    private SendLimits _sendLimits;
    private TimeSpan _keepAlivePeriod;

    /// <summary>The keep-alive in force: the option, or the broker's Server Keep Alive (MQTT 5).</summary>
    private TimeSpan KeepAlivePeriod => _keepAlivePeriod == TimeSpan.Zero ? _options.KeepAlive : _keepAlivePeriod;

    private ConnectPacket BuildConnectPacket()
    {
        var v5 = _version == MqttProtocolVersion.V500;
        MqttProperties? properties = null;
        if (v5)
        {
            var sessionExpiry = MqttMessageRules.Seconds(_options.SessionExpiryInterval) ?? (_options.CleanSession ? 0 : uint.MaxValue);
            properties = new MqttProperties
            {
                SessionExpiryInterval = sessionExpiry == 0 ? null : sessionExpiry,
                ReceiveMaximum = _options.ReceiveMaximum < ushort.MaxValue ? (ushort)_options.ReceiveMaximum : null,
                MaximumPacketSize = (uint)_options.MaxIncomingPacketBytes,
                TopicAliasMaximum = _options.TopicAliasMaximum > 0 ? (ushort)_options.TopicAliasMaximum : null,
                RequestResponseInformation = _options.RequestResponseInformation ? (byte)1 : null,
                UserProperties = _options.UserProperties is { Count: > 0 } userProperties ? userProperties : null,
            };
        }

        return new ConnectPacket(
            _options.ClientId,
            (ushort)Math.Ceiling(_options.KeepAlive.TotalSeconds),
            _cleanStart,
            _options.Username,
            _options.Password is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(_options.Password),
            _options.Will is { } will
                ? new MqttWill(will.Topic, will.Payload, will.Qos, will.Retain) { Properties = v5 ? MqttMessageRules.ToProperties(will, _options.WillDelayInterval) : null }
                : null)
        {
            ProtocolVersion = _version,
            Properties = properties,
        };
    }

    /// <summary>Reads the broker's answer: a refusal throws <see cref="MqttConnectException"/>; an acceptance sets the connection's limits.</summary>
    private MqttConnectResult AcceptConnAck(ConnAckPacket connAck)
    {
        if (connAck.SessionPresent && _cleanStart)
        {
            throw MqttProtocolViolationException.ProtocolError("CONNACK with session present for a clean start");
        }

        MqttConnectResult result;
        if (_version == MqttProtocolVersion.V311)
        {
            if (connAck.Code != (byte)MqttConnectReturnCode.Accepted)
            {
                throw new MqttConnectException((MqttConnectReturnCode)connAck.Code);
            }

            result = new MqttConnectResult(connAck.SessionPresent);
        }
        else
        {
            var p = connAck.Properties;
            if (connAck.Code >= (byte)MqttReasonCode.UnspecifiedError)
            {
                throw new MqttConnectException((MqttReasonCode)connAck.Code, p?.ReasonString, p?.ServerReference);
            }

            result = new MqttConnectResult(connAck.SessionPresent)
            {
                ProtocolVersion = MqttProtocolVersion.V500,
                ReasonCode = (MqttReasonCode)connAck.Code,
                AssignedClientIdentifier = p?.AssignedClientIdentifier,
                SessionExpiryInterval = p?.SessionExpiryInterval is { } expiry ? TimeSpan.FromSeconds(expiry) : null,
                ReceiveMaximum = p?.ReceiveMaximum ?? ushort.MaxValue,
                MaximumQos = (MqttQualityOfService)(p?.MaximumQos ?? 2),
                RetainAvailable = (p?.RetainAvailable ?? 1) == 1,
                MaximumPacketSize = p?.MaximumPacketSize,
                TopicAliasMaximum = p?.TopicAliasMaximum ?? 0,
                ServerKeepAlive = p?.ServerKeepAlive is { } keepAlive ? TimeSpan.FromSeconds(keepAlive) : null,
                ResponseInformation = p?.ResponseInformation,
                ServerReference = p?.ServerReference,
                ReasonString = p?.ReasonString,
                WildcardSubscriptionAvailable = (p?.WildcardSubscriptionAvailable ?? 1) == 1,
                SubscriptionIdentifiersAvailable = (p?.SubscriptionIdentifierAvailable ?? 1) == 1,
                SharedSubscriptionAvailable = (p?.SharedSubscriptionAvailable ?? 1) == 1,
                UserProperties = p?.UserPropertiesOrEmpty ?? [],
            };

            if (result.ServerKeepAlive is { } serverKeepAlive)
            {
                _keepAlivePeriod = serverKeepAlive;
                _keepAlive.SetPeriod(serverKeepAlive);
            }
        }

        _sendLimits = new SendLimits(
            Math.Min(_options.MaxInflightPublishes, result.ReceiveMaximum),
            result.MaximumPacketSize ?? long.MaxValue,
            result.MaximumQos,
            result.RetainAvailable,
            _version);
        ConnectResult = result;
        return result;
    }

    /// <summary>Hands the connection to the session: stored publishes are resent, inbound answers go out here.</summary>
    private void AttachSession(MqttConnectResult result)
    {
        var (resent, completed) = _session.Outgoing.Attach(_outgoing.TryEnqueue, _sendLimits, result.SessionPresent);
        var receiveMaximum = _version == MqttProtocolVersion.V500 && _options.ReceiveMaximum < ushort.MaxValue ? _options.ReceiveMaximum : 0;
        _session.Inbound.Attach(_outgoing.TryEnqueue, result.SessionPresent, receiveMaximum);
        if (resent > 0 || completed > 0)
        {
            Log.SessionResumed(_logger, _options.ClientId, result.SessionPresent, resent, completed);
        }
    }
}
