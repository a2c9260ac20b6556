namespace Edge.Gateway.Alarms;

internal sealed partial class AlarmEngineHost
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Local alarms: {Rules} rules ({Source} configuration), {Replayed} journaled readings replayed, {Alerts} alerts owed after restart")]
    private partial void LogStarted(int rules, ConfigSync.ConfigSource source, int replayed, int alerts);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Rule refused, keeping the rules in force: {Error}")]
    private partial void LogRuleRefused(string error);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Alarm state {Path} unreadable; rebuilding it from the journal's alerts")]
    private partial void LogStateUnreadable(Exception exception, string path);
}
