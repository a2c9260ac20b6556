using Microsoft.Extensions.Logging;

namespace Edge.Mqtt;

public sealed partial class ReconnectingMqttClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "MQTT \"{ClientId}\" lost its connection ({Reason}); reconnecting in {DelaySeconds:0.0} s")]
        public static partial void ConnectionLost(ILogger logger, string clientId, string reason, double delaySeconds);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "MQTT \"{ClientId}\": connect attempt {Attempt} failed ({Reason}); next in {DelaySeconds:0.0} s")]
        public static partial void ConnectFailed(ILogger logger, string clientId, int attempt, string reason, double delaySeconds);

        [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "MQTT \"{ClientId}\": the broker had no session; subscribed again to {FilterCount} filters")]
        public static partial void Resubscribed(ILogger logger, string clientId, int filterCount);

        [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "MQTT \"{ClientId}\": subscribing again to \"{Filter}\" was refused: {ReasonCode}")]
        public static partial void ResubscribeRefused(ILogger logger, string clientId, string filter, MqttReasonCode reasonCode);

        [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "MQTT \"{ClientId}\" stopping")]
        public static partial void Stopping(ILogger logger, string clientId);

        [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "MQTT \"{ClientId}\": a ConnectionChanged handler failed")]
        public static partial void HandlerFailed(ILogger logger, string clientId, Exception exception);
    }
}
