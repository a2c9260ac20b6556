using System.Diagnostics.Metrics;

namespace Edge.Cloud.Ingest;

/// <summary>Counters of the ingest path (meter <c>Edge.Cloud.Ingest</c>).</summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "Edge.Cloud.Ingest";
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _refused;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("edge.ingest.accepted", "{item}", "Readings and alerts stored");
        _duplicates = meter.CreateCounter<long>("edge.ingest.duplicates", "{item}", "Items already stored, skipped");
        _refused = meter.CreateCounter<long>("edge.ingest.refused", "{item}", "Items refused and dead-lettered");
    }

    public void Record(string gatewayId, int accepted, int duplicates, int refused)
    {
        var tag = new KeyValuePair<string, object?>("gateway", gatewayId);
        _accepted.Add(accepted, tag);
        _duplicates.Add(duplicates, tag);
        _refused.Add(refused, tag);
    }
}
