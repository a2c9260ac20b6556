using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.ConfigSync;

/// <summary>Fetching the gateway's configuration from the cloud (section <c>ConfigSync</c>); the cloud's address and key are the uplink's.</summary>
public sealed class ConfigSyncOptions
{
    public const string Section = "ConfigSync";

    /// <summary>How often the gateway asks the cloud for its configuration (an unchanged one costs a 304).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the last configuration received is kept; default <c>{Gateway:DataDirectory}/config.json</c>.</summary>
    public string? CachePath { get; set; }

    /// <summary>
    /// A configuration file in the cloud's format (<c>GET /api/v1/gateways/{id}/config</c>: devices with devEui, profileId,
    /// smsNumbers, reportIntervalS; profiles; rules; alarm contacts), run on when the gateway has no configuration from the
    /// cloud yet (nothing cached): a village set up before its gateway reaches the cloud. The cloud's configuration replaces it.
    /// </summary>
    public string? LocalPath { get; set; }
}
