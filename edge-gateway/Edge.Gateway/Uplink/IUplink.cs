using Edge.Gateway.Journal;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Uplink;

/// <summary>
/// What goes to the cloud in one send: journal entries (mapped to the contract's records only when a transport asks
/// for them; the HTTP uplink writes the entries straight into its request body), or records made elsewhere.
/// </summary>
internal sealed class UplinkBatch
{
    private (IReadOnlyList<Reading> Readings, IReadOnlyList<Alert> Alerts, IReadOnlyList<Gap> Gaps)? _records;

    public UplinkBatch(IReadOnlyList<Reading> readings, IReadOnlyList<Alert> alerts, IReadOnlyList<Gap> gaps)
    {
        _records = (readings, alerts, gaps);
        Count = readings.Count + alerts.Count + gaps.Count;
    }

    public UplinkBatch(string gatewayId, IReadOnlyList<JournalEntry> entries)
    {
        GatewayId = gatewayId;
        Entries = entries;
        Count = entries.Count;
    }

    /// <summary>The gateway the entries' ids belong to (with <see cref="Entries"/>).</summary>
    public string? GatewayId { get; }

    /// <summary>The journal entries of the batch, in lane order; null for a batch made of records.</summary>
    public IReadOnlyList<JournalEntry>? Entries { get; }

    public int Count { get; }

    public IReadOnlyList<Reading> Readings => Records().Readings;

    public IReadOnlyList<Alert> Alerts => Records().Alerts;

    public IReadOnlyList<Gap> Gaps => Records().Gaps;

    private (IReadOnlyList<Reading> Readings, IReadOnlyList<Alert> Alerts, IReadOnlyList<Gap> Gaps) Records() =>
        _records ??= JournalBatchMapper.ToRecords(GatewayId!, Entries!);
}

/// <summary>
/// The cloud's verdict on a batch: ids it refused for good (with the reason), and ids it did not take this time
/// (a transport that delivers item by item, like Kafka, can take part of a batch). Everything else was taken.
/// </summary>
internal sealed record UplinkResult(IReadOnlyList<IngestRejection> Refused, IReadOnlySet<string> NotDelivered)
{
    /// <summary>When the cloud found ids it already holds for other content: its highest journal sequence from this gateway.</summary>
    public long? JournalFloor { get; init; }

    public static UplinkResult AllTaken(IReadOnlyList<IngestRejection> refused, long? journalFloor = null) =>
        new(refused, new HashSet<string>()) { JournalFloor = journalFloor };
}

/// <summary>
/// Carries a batch to the cloud. Returns when the cloud has taken (or refused) what it could; throws
/// <see cref="UplinkException"/> when nothing could be delivered, so that nothing is marked forwarded.
/// </summary>
internal interface IUplink
{
    Task<UplinkResult> SendAsync(UplinkBatch batch, CancellationToken cancellationToken);
}

/// <summary>The cloud did not take the batch; it stays in the journal and is sent again.</summary>
internal sealed class UplinkException(string message, Exception? innerException = null) : Exception(message, innerException);
