namespace Edge.Mqtt.Packets;

internal static partial class MqttPropertyCodec
{
    /// <summary>Collects properties while reading, then builds the immutable record once.</summary>
    private sealed class Builder
    {
        private byte? _payloadFormatIndicator;
        private uint? _messageExpiryInterval;
        private string? _contentType;
        private string? _responseTopic;
        private byte[]? _correlationData;
        private uint? _sessionExpiryInterval;
        private string? _assignedClientIdentifier;
        private ushort? _serverKeepAlive;
        private string? _authenticationMethod;
        private byte[]? _authenticationData;
        private byte? _requestProblemInformation;
        private uint? _willDelayInterval;
        private byte? _requestResponseInformation;
        private string? _responseInformation;
        private string? _serverReference;
        private string? _reasonString;
        private ushort? _receiveMaximum;
        private ushort? _topicAliasMaximum;
        private ushort? _topicAlias;
        private byte? _maximumQos;
        private byte? _retainAvailable;
        private uint? _maximumPacketSize;
        private byte? _wildcardSubscriptionAvailable;
        private byte? _subscriptionIdentifierAvailable;
        private byte? _sharedSubscriptionAvailable;

        public List<int>? SubscriptionIdentifiers { get; set; }

        public List<MqttUserProperty>? UserProperties { get; set; }

        public void SetByte(MqttPropertyId id, byte value)
        {
            switch (id)
            {
                case MqttPropertyId.PayloadFormatIndicator: _payloadFormatIndicator = value; break;
                case MqttPropertyId.RequestProblemInformation: _requestProblemInformation = value; break;
                case MqttPropertyId.RequestResponseInformation: _requestResponseInformation = value; break;
                case MqttPropertyId.MaximumQos: _maximumQos = value; break;
                case MqttPropertyId.RetainAvailable: _retainAvailable = value; break;
                case MqttPropertyId.WildcardSubscriptionAvailable: _wildcardSubscriptionAvailable = value; break;
                case MqttPropertyId.SubscriptionIdentifierAvailable: _subscriptionIdentifierAvailable = value; break;
                default: _sharedSubscriptionAvailable = value; break;
            }
        }

        public void SetTwoByte(MqttPropertyId id, ushort value)
        {
            switch (id)
            {
                case MqttPropertyId.ServerKeepAlive: _serverKeepAlive = value; break;
                case MqttPropertyId.ReceiveMaximum: _receiveMaximum = value; break;
                case MqttPropertyId.TopicAliasMaximum: _topicAliasMaximum = value; break;
                default: _topicAlias = value; break;
            }
        }

        public void SetFourByte(MqttPropertyId id, uint value)
        {
            switch (id)
            {
                case MqttPropertyId.MessageExpiryInterval: _messageExpiryInterval = value; break;
                case MqttPropertyId.SessionExpiryInterval: _sessionExpiryInterval = value; break;
                case MqttPropertyId.WillDelayInterval: _willDelayInterval = value; break;
                default: _maximumPacketSize = value; break;
            }
        }

        public void SetString(MqttPropertyId id, string value)
        {
            switch (id)
            {
                case MqttPropertyId.ContentType: _contentType = value; break;
                case MqttPropertyId.ResponseTopic: _responseTopic = value; break;
                case MqttPropertyId.AssignedClientIdentifier: _assignedClientIdentifier = value; break;
                case MqttPropertyId.AuthenticationMethod: _authenticationMethod = value; break;
                case MqttPropertyId.ResponseInformation: _responseInformation = value; break;
                case MqttPropertyId.ServerReference: _serverReference = value; break;
                default: _reasonString = value; break;
            }
        }

        public void SetBinary(MqttPropertyId id, byte[] value)
        {
            if (id == MqttPropertyId.CorrelationData)
            {
                _correlationData = value;
            }
            else
            {
                _authenticationData = value;
            }
        }

        public MqttProperties Build() => new()
        {
            PayloadFormatIndicator = _payloadFormatIndicator,
            MessageExpiryInterval = _messageExpiryInterval,
            ContentType = _contentType,
            ResponseTopic = _responseTopic,
            // Not "= _correlationData": a null array converts to an empty, present ReadOnlyMemory.
            CorrelationData = _correlationData is null ? null : (ReadOnlyMemory<byte>?)_correlationData,
            SubscriptionIdentifiers = SubscriptionIdentifiers,
            SessionExpiryInterval = _sessionExpiryInterval,
            AssignedClientIdentifier = _assignedClientIdentifier,
            ServerKeepAlive = _serverKeepAlive,
            AuthenticationMethod = _authenticationMethod,
            AuthenticationData = _authenticationData is null ? null : (ReadOnlyMemory<byte>?)_authenticationData,
            RequestProblemInformation = _requestProblemInformation,
            WillDelayInterval = _willDelayInterval,
            RequestResponseInformation = _requestResponseInformation,
            ResponseInformation = _responseInformation,
            ServerReference = _serverReference,
            ReasonString = _reasonString,
            ReceiveMaximum = _receiveMaximum,
            TopicAliasMaximum = _topicAliasMaximum,
            TopicAlias = _topicAlias,
            MaximumQos = _maximumQos,
            RetainAvailable = _retainAvailable,
            UserProperties = UserProperties,
            MaximumPacketSize = _maximumPacketSize,
            WildcardSubscriptionAvailable = _wildcardSubscriptionAvailable,
            SubscriptionIdentifierAvailable = _subscriptionIdentifierAvailable,
            SharedSubscriptionAvailable = _sharedSubscriptionAvailable,
        };
    }
}
