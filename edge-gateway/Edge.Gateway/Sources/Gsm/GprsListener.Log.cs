namespace Edge.Gateway.Sources.Gsm;

internal sealed partial class GprsListener
{
    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "GPRS line protocol listening on {Endpoint}")]
    private partial void LogListening(string endpoint);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Error, Message = "GPRS line protocol cannot listen on {Endpoint}; GPRS dataloggers cannot deliver: {Reason}")]
    private partial void LogCannotListen(string endpoint, string reason);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "GPRS connection from {Remote} closed after its idle timeout")]
    private partial void LogIdleClosed(string remote);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "GPRS connection from {Remote} closed: line too long")]
    private partial void LogLineTooLong(string remote);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Information, Message = "GPRS connection from {Remote} failed: {Reason}")]
    private partial void LogConnectionFailed(string remote, string reason);
}
