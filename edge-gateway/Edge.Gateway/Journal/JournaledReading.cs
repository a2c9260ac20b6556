namespace Edge.Gateway.Journal;

/// <summary>A reading as the journal holds it; <see cref="Seq"/> makes its id <c>{gatewayId}:{seq}</c>.</summary>
internal sealed record JournaledReading(
    long Seq,
    string DeviceId,
    DateTimeOffset Ts,
    DateTimeOffset ReceivedAt,
    string Source,
    long? DeviceSeq,
    string ValuesJson);
