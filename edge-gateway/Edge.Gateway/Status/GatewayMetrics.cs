using System.Diagnostics.Metrics;

namespace Edge.Gateway.Status;

/// <summary>Counters of the gateway's pipeline (meter <c>Edge.Gateway</c>).</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Edge.Gateway";
    private readonly Counter<long> _journaled;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _uplinkFailures;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _gaps;
    private readonly Counter<long> _alertsDropped;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _journaled = meter.CreateCounter<long>("edge.gateway.readings.journaled", "{reading}", "Readings committed to the journal");
        _duplicates = meter.CreateCounter<long>("edge.gateway.readings.duplicates", "{reading}", "Redelivered readings recognised and skipped");
        _deadLetters = meter.CreateCounter<long>("edge.gateway.dead_letters", "{message}", "Inputs refused with a reason");
        _forwarded = meter.CreateCounter<long>("edge.gateway.readings.forwarded", "{reading}", "Readings the cloud took");
        _refused = meter.CreateCounter<long>("edge.gateway.readings.refused", "{reading}", "Readings the cloud refused");
        _uplinkFailures = meter.CreateCounter<long>("edge.gateway.uplink.failures", "{attempt}", "Failed sends to the cloud");
        _evicted = meter.CreateCounter<long>("edge.gateway.readings.evicted", "{reading}", "Unforwarded readings given up to the disk quota or time to live");
        _gaps = meter.CreateCounter<long>("edge.gateway.gaps", "{gap}", "Gap records made for evicted readings");
        _alertsDropped = meter.CreateCounter<long>("edge.gateway.alerts.expired", "{alert}", "Unforwarded alerts dropped after their time to live");
    }

    public void Journaled(int readings, int duplicates, int deadLetters)
    {
        _journaled.Add(readings);
        _duplicates.Add(duplicates);
        _deadLetters.Add(deadLetters);
    }

    public void Forwarded(int readings, int refused)
    {
        _forwarded.Add(readings);
        _refused.Add(refused);
    }

    public void UplinkFailed() => _uplinkFailures.Add(1);

    public void Evicted(int readings, int gaps, int alerts)
    {
        _evicted.Add(readings);
        _gaps.Add(gaps);
        _alertsDropped.Add(alerts);
    }
}
