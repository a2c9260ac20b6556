namespace Edge.Cloud.Ingest;

internal sealed partial class IngestPipeline
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Gateway {GatewayId}: refused {Count} items, e.g. {Reason}")]
    private partial void LogRefused(string gatewayId, int count, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Gateway {GatewayId} reused {Count} ids for different content (its journal was replaced?); told to renumber above {JournalFloor}")]
    private partial void LogIdsReused(string gatewayId, int count, long journalFloor);
}
