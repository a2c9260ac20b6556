namespace Edge.Gateway.Journal;

/// <summary>
/// An entry as the journal holds it; <see cref="Seq"/> makes its id <c>{gatewayId}:{seq}</c>. <see cref="Body"/> is the
/// values JSON of a reading, or the JSON of an alert or a gap.
/// </summary>
internal sealed record JournalEntry(
    long Seq,
    JournalEntryKind Kind,
    string DeviceId,
    DateTimeOffset Ts,
    DateTimeOffset ReceivedAt,
    string Source,
    long? DeviceSeq,
    string Body);
