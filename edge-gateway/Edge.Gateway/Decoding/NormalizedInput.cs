namespace Edge.Gateway.Decoding;

/// <summary>A reading ready for the journal: canonical values, measurement time, and the fingerprint used to spot redeliveries.</summary>
internal sealed record NormalizedReading(
    string DeviceId,
    DateTimeOffset Ts,
    DateTimeOffset ReceivedAt,
    string Source,
    long? DeviceSeq,
    IReadOnlyDictionary<string, double> Values,
    byte[] Fingerprint,
    DuplicateCheck DuplicateCheck);

/// <summary>
/// How the journal decides whether a reading is one it already holds (see docs/gateway-journal.md).
/// </summary>
internal enum DuplicateCheck
{
    /// <summary>No check: without a device timestamp and without the broker's redelivery flag, a repeat is a new reading.</summary>
    None,

    /// <summary>The payload carries its own measurement time: the same bytes from the same device are the same reading, whenever they come.</summary>
    AnyKept,

    /// <summary>The broker says it is redelivering a payload without a timestamp: a repeat of one of the device's latest readings.</summary>
    DeviceLatest,
}

/// <summary>Input that cannot be stored as (all of) a reading, with the reason and the raw payload (truncated).</summary>
internal sealed record DeadLetter(
    DateTimeOffset ReceivedAt,
    string Source,
    string Topic,
    string? DeviceId,
    string Reason,
    ReadOnlyMemory<byte> Payload);
