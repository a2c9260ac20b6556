namespace Edge.Gateway.Alarms.Sms.Modem;

internal sealed partial class AtChannel
{
    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "To modem: {Command}")]
    private partial void LogSent(string command);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Debug, Message = "From modem: {Line}")]
    private partial void LogReceived(string line);
}
