namespace Edge.Gateway.Alarms.Sms.Modem;

internal sealed partial class GsmModemSmsSender
{
    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "GSM modem ready on {DevicePath} at {BaudRate} baud")]
    private partial void LogOpened(string devicePath, int baudRate);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "GSM modem on {DevicePath} hung up or vanished; opening it again")]
    private partial void LogGone(string devicePath);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "SMS to {Number} sent by modem ({Encoding}, reference {Reference}, truncated: {Truncated})")]
    private partial void LogSent(string number, SmsEncoding encoding, string reference, bool truncated);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "SMS to {Number} not sent by modem: {Reason} (retry may help: {RetryMayHelp})")]
    private partial void LogFailed(string number, string reason, bool retryMayHelp);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "SMS not sent: {Reason}")]
    private partial void LogInvalid(string reason);
}
