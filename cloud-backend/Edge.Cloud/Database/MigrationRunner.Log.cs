namespace Edge.Cloud.Database;

internal sealed partial class MigrationRunner
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    private partial void LogApplying(string migration);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Database schema is at version {Version}")]
    private partial void LogUpToDate(int version);
}
