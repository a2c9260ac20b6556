using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Ingest;

/// <summary>How the cloud takes readings from gateways (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// Register a device the first time a gateway sends for it, in that gateway's municipality, placed near the gateway
    /// (marked approximate). For development and first field trials before provisioning; off by default.
    /// </summary>
    public bool AutoRegisterUnknownDevices { get; set; }

    /// <summary>Readings plus alerts accepted in one request; a larger batch is refused with 413.</summary>
    [Range(1, 100_000)]
    public int MaxBatchItems { get; set; } = 10_000;

    /// <summary>How far ahead of the cloud's clock a measurement time may be.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
