using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Uplink.Kafka;

/// <summary>The Kafka uplink (section <c>Uplink:Kafka</c>, used when <c>Uplink:Kind</c> is <c>kafka</c>).</summary>
public sealed class KafkaUplinkOptions
{
    /// <summary>Comma-separated <c>host:port</c> list of the cloud's Kafka brokers.</summary>
    [Required]
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    public string ReadingsTopic { get; set; } = "sensor.raw";

    public string AlertsTopic { get; set; } = "alerts.critical";

    /// <summary>Gap records (an extension of CONTRACTS section 4), keyed by device id.</summary>
    public string GapsTopic { get; set; } = "gateway.gaps";

    /// <summary>How long the producer tries to deliver one message before reporting it undelivered.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra librdkafka settings (e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>), passed through unchanged.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];
}
