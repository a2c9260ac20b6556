using Edge.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt;

public sealed partial class MqttClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "MQTT connecting to {Host}:{Port} as \"{ClientId}\"")]
        public static partial void Connecting(ILogger logger, string host, int port, string clientId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port} as \"{ClientId}\" (session present: {SessionPresent})")]
        public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "MQTT connect to {Host}:{Port} as \"{ClientId}\" failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string clientId, string reason, Exception exception);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "MQTT connection of \"{ClientId}\" lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string clientId, string reason, Exception? exception);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\" disconnecting")]
        public static partial void Disconnecting(ILogger logger, string clientId);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "MQTT \"{ClientId}\" disconnected")]
        public static partial void Disconnected(ILogger logger, string clientId);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "MQTT \"{ClientId}\" disposed while connected: connection dropped without DISCONNECT")]
        public static partial void Dropped(ILogger logger, string clientId);

        [LoggerMessage(EventId = 8, Level = LogLevel.Trace, Message = "MQTT \"{ClientId}\" sending PINGREQ")]
        public static partial void PingSent(ILogger logger, string clientId);

        [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\": {Pending} messages wait for the application; reading paused")]
        public static partial void ReadPaused(ILogger logger, string clientId, int pending);

        [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\": reading resumed")]
        public static partial void ReadResumed(ILogger logger, string clientId);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "MQTT \"{ClientId}\": {PacketType} for packet identifier {PacketId}, which nothing waits for; ignored")]
        public static partial void UnknownPacketId(ILogger logger, string clientId, MqttPacketType packetType, ushort packetId);

        [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\": message {PacketId} not delivered (a QoS 2 message received again before PUBREL, or the connection is ending)")]
        public static partial void NotDelivered(ILogger logger, string clientId, ushort packetId);

        [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\" subscribed to {FilterCount} filters")]
        public static partial void Subscribed(ILogger logger, string clientId, int filterCount);

        [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "MQTT \"{ClientId}\": session present {SessionPresent}; {Resent} stored publishes sent again, {Completed} completed (the broker had taken them over)")]
        public static partial void SessionResumed(ILogger logger, string clientId, bool sessionPresent, int resent, int completed);

        [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "MQTT \"{ClientId}\": QoS 2 message {PacketId} received again; already delivered, answered in its turn")]
        public static partial void NotDeliveredAgain(ILogger logger, string clientId, ushort packetId);

        [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "MQTT \"{ClientId}\": message {PacketId} on \"{Topic}\" is declared UTF-8 but is not; refused (payload format invalid)")]
        public static partial void PayloadFormatInvalid(ILogger logger, string clientId, string topic, ushort packetId);
    }
}
