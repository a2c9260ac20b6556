namespace Edge.Gateway.ConfigSync;

internal sealed partial class ConfigSyncService
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Running on the cached configuration {Path} ({Rules} rules, {Contacts} alarm contacts) until the cloud answers")]
    private partial void LogCacheLoaded(string path, int rules, int contacts);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Never synced with the cloud: running on built-in default rules and no alarm contacts")]
    private partial void LogNeverSynced();

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "The cached configuration {Path} cannot be read; running on built-in defaults")]
    private partial void LogCacheUnreadable(Exception exception, string path);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Configuration sync failed, retrying in {DelaySeconds:F0} s: {Reason}")]
    private partial void LogSyncFailed(double delaySeconds, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "New configuration from the cloud: {Devices} devices, {Rules} rules, {Contacts} alarm contacts")]
    private partial void LogUpdated(int devices, int rules, int contacts);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Running on the local configuration {Path} ({Devices} devices, {Profiles} profiles) until the cloud answers")]
    private partial void LogLocalLoaded(string path, int devices, int profiles);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "The local configuration {Path} cannot be read; running on built-in defaults until the cloud answers")]
    private partial void LogLocalUnreadable(Exception exception, string path);
}
