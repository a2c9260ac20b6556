namespace Edge.Gateway.Alarms.Sms.Http;

internal sealed partial class HttpSmsGatewaySender
{
    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "SMS to {Number} accepted by the provider (id {Reference}, truncated: {Truncated})")]
    private partial void LogSent(string number, string reference, bool truncated);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "SMS to {Number} not sent by the provider: {Reason} (retry may help: {RetryMayHelp})")]
    private partial void LogFailed(string number, string reason, bool retryMayHelp);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Information, Message = "SMS provider attempt failed (HTTP status {Status}, error {Error}); attempt {Attempt} in {DelaySeconds:F1} s")]
    private partial void LogRetrying(int? status, string? error, int attempt, double delaySeconds);

    [LoggerMessage(EventId = 7033, Level = LogLevel.Warning, Message = "SMS not sent: {Reason}")]
    private partial void LogInvalid(string reason);
}
