using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Ingest.Kafka;

/// <summary>The Kafka consumer group feeding the ingest pipeline (section <c>Ingest:Kafka</c>); off unless enabled.</summary>
public sealed class KafkaIngestOptions
{
    public const string Section = "Ingest:Kafka";

    public bool Enabled { get; set; }

    /// <summary>Brokers, <c>host:port[,host:port]</c>; required when enabled.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The consumer group: every backend instance joins it and gets a share of the partitions.</summary>
    [Required]
    public string GroupId { get; set; } = "edge-cloud-ingest";

    public string ReadingsTopic { get; set; } = "sensor.raw";

    public string AlertsTopic { get; set; } = "alerts.critical";

    public string GapsTopic { get; set; } = "gateway.gaps";

    /// <summary>Records stored per database transaction at most.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 1000;

    /// <summary>How long a batch waits for more records before it is stored.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pause before a batch that could not be stored (database down) is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Further librdkafka settings (security, timeouts), passed as they are.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];
}
