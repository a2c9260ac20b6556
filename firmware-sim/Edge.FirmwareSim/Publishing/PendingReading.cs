namespace Edge.FirmwareSim.Publishing;

/// <summary>A reading waiting to be delivered: its sequence number and its serialized telemetry JSON.</summary>
internal sealed record PendingReading(long Seq, ReadOnlyMemory<byte> Payload);
