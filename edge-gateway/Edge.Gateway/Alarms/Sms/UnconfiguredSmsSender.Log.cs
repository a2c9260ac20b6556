namespace Edge.Gateway.Alarms.Sms;

internal sealed partial class UnconfiguredSmsSender
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "SMS to {Number} not sent: SMS sending is not configured (Sms:Kind is none)")]
    private partial void LogNotSent(string number);
}
