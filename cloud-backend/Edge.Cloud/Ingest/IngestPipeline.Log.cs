namespace Edge.Cloud.Ingest;

internal sealed partial class IngestPipeline
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Gateway {GatewayId}: refused {Count} items, e.g. {Reason}")]
    private partial void LogRefused(string gatewayId, int count, string reason);
}
