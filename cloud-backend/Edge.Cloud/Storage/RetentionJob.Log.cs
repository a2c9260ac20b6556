namespace Edge.Cloud.Storage;

internal sealed partial class RetentionJob
{
    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Dropped {Count} readings partitions older than {Cutoff}: {Partitions}")]
    private partial void LogDropped(int count, string partitions, DateTimeOffset cutoff);
}
