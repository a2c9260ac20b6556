using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Uplink;

/// <summary>How the gateway forwards its journal to the cloud (section <c>Uplink</c>).</summary>
public sealed class UplinkOptions
{
    public const string Section = "Uplink";

    /// <summary><c>http</c> (<c>POST /api/v1/ingest</c>) or <c>kafka</c> (the topics of CONTRACTS section 4).</summary>
    [RegularExpression("^(http|kafka)$")]
    public string Kind { get; set; } = "http";

    /// <summary>Base URL of the cloud backend, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    [Required]
    [Url]
    public string CloudUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>This gateway's API key in the cloud (sent as <c>X-Api-Key</c>; also used for the configuration sync).</summary>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Readings per request.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Compress request bodies with gzip (GSM links are slow and metered).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after a failed send, doubled per failure up to <see cref="MaxBackoff"/>; the journal is the buffer meanwhile.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The Kafka uplink's settings, used when <see cref="Kind"/> is <c>kafka</c>.</summary>
    public Kafka.KafkaUplinkOptions Kafka { get; set; } = new();
}
