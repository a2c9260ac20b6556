namespace Edge.Cloud.Ingest.Kafka;

internal sealed partial class KafkaIngestConsumer
{
    [LoggerMessage(EventId = 660, Level = LogLevel.Information, Message = "Kafka ingest starting with librdkafka {Version}: brokers {Brokers}, group {Group}")]
    private partial void LogStarting(string version, string brokers, string group);

    [LoggerMessage(EventId = 661, Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason} (fatal: {Fatal})")]
    private partial void LogConsumerError(string code, string reason, bool fatal);

    [LoggerMessage(EventId = 662, Level = LogLevel.Debug, Message = "Kafka ingest stored {Records} records ({Accepted} new items) and committed their offsets")]
    private partial void LogStored(int records, int accepted);

    [LoggerMessage(EventId = 663, Level = LogLevel.Error, Message = "Kafka ingest could not store {Records} records; rewound, trying again in {Delay}")]
    private partial void LogStoreFailed(Exception error, int records, TimeSpan delay);

    [LoggerMessage(EventId = 664, Level = LogLevel.Warning, Message = "Kafka ingest stored {Records} records but could not commit their offsets; they will be read again as duplicates")]
    private partial void LogCommitFailed(Exception error, int records);

    [LoggerMessage(EventId = 665, Level = LogLevel.Critical, Message = "Kafka ingest stopped by an unexpected error; HTTP ingest goes on, restart the instance to consume again")]
    private partial void LogStopped(Exception error);
}
