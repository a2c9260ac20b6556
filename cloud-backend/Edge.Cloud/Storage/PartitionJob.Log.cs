namespace Edge.Cloud.Storage;

internal sealed partial class PartitionJob
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Created {Count} readings partitions: {Partitions}")]
    private partial void LogCreated(int count, string partitions);
}
