namespace Edge.Gateway.Sources;

internal sealed partial class MqttTelemetrySource
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Connected to the village broker {Broker} (session kept: {SessionPresent})")]
    private partial void LogConnected(string broker, bool sessionPresent);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Village broker {Broker} unavailable, reconnecting in {DelaySeconds:F1} s: {Reason}")]
    private partial void LogConnectionLost(string broker, double delaySeconds, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Could not say goodbye to the broker: {Reason}")]
    private partial void LogGoodbyeFailed(string reason);
}
