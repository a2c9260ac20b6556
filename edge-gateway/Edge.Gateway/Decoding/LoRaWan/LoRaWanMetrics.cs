using System.Diagnostics.Metrics;
using Edge.Gateway.Status;

namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>
/// Counters of the LoRaWAN and LPP paths (meter <c>Edge.Gateway</c>): frames dropped as duplicates, frames missing by the
/// frame counter, and refused inputs per device. Also the names of the metrics a device status event gives.
/// </summary>
internal sealed class LoRaWanMetrics
{
    /// <summary>ChirpStack's device status battery level, 0 to 100 % (not a canonical metric: kept as it comes).</summary>
    public const string BatteryLevelPct = "battery_level_pct";

    /// <summary>ChirpStack's device status link margin, dB.</summary>
    public const string LinkMarginDb = "link_margin_db";

    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _missing;
    private readonly Counter<long> _rejected;

    public LoRaWanMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _duplicates = meter.CreateCounter<long>("edge.gateway.lorawan.duplicates", "{frame}", "LoRaWAN frames dropped because their frame counter was already taken");
        _missing = meter.CreateCounter<long>("edge.gateway.lorawan.missing_frames", "{frame}", "LoRaWAN frames never received, by gaps in the frame counter");
        _rejected = meter.CreateCounter<long>("edge.gateway.device.rejected", "{message}", "Inputs dead-lettered, by device");
    }

    public void Duplicate(string device) => _duplicates.Add(1, new KeyValuePair<string, object?>("device", device));

    public void Missing(string device, long frames) => _missing.Add(frames, new KeyValuePair<string, object?>("device", device));

    /// <summary>One refused input of a device of the configuration, or (null) of an unknown or unregistered sender.</summary>
    public void Rejected(string? device) => _rejected.Add(1, new KeyValuePair<string, object?>("device", device ?? "unregistered"));
}
