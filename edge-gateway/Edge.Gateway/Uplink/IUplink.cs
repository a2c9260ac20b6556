using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Uplink;

/// <summary>What went to the cloud in one send.</summary>
internal sealed record UplinkBatch(IReadOnlyList<Reading> Readings, IReadOnlyList<Alert> Alerts, IReadOnlyList<Gap> Gaps)
{
    public int Count => Readings.Count + Alerts.Count + Gaps.Count;
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
