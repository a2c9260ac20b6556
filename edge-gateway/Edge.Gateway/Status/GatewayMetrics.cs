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

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _journaled = meter.CreateCounter<long>("edge.gateway.readings.journaled", "{reading}", "Readings committed to the journal");
        _duplicates = meter.CreateCounter<long>("edge.gateway.readings.duplicates", "{reading}", "Redelivered readings recognised and skipped");
        _deadLetters = meter.CreateCounter<long>("edge.gateway.dead_letters", "{message}", "Inputs refused with a reason");
        _forwarded = meter.CreateCounter<long>("edge.gateway.readings.forwarded", "{reading}", "Readings the cloud took");
        _refused = meter.CreateCounter<long>("edge.gateway.readings.refused", "{reading}", "Readings the cloud refused");
        _uplinkFailures = meter.CreateCounter<long>("edge.gateway.uplink.failures", "{attempt}", "Failed sends to the cloud");
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
}
