namespace Edge.Telemetry.Contracts;

/// <summary>The body of <c>POST /api/v1/ingest</c> (CONTRACTS section 4).</summary>
public sealed record IngestBatch
{
    public required string GatewayId { get; init; }

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    /// <summary>Readings the gateway lost before forwarding them (an extension of the contract; see <see cref="Gap"/>).</summary>
    public IReadOnlyList<Gap> Gaps { get; init; } = [];
}

/// <summary>The cloud's answer to an ingest batch: how many were new, how many it already had, which it refused and why.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<IngestRejection> Rejected)
{
    /// <summary>
    /// Set when some ids of the batch were already used for different content (the gateway's journal was lost or
    /// replaced): the highest journal sequence the cloud holds from this gateway. The gateway renumbers its unforwarded
    /// entries above it and sends them again. An extension of CONTRACTS section 4.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? JournalFloor { get; init; }
}

/// <summary>Reasons of refusals a gateway acts on.</summary>
public static class IngestRejectionReasons
{
    /// <summary>Prefix of the reason for an id the cloud already holds for different content.</summary>
    public const string IdReused = "id reused";
}

/// <summary>One refused item of a batch. A refused item is final: resending it cannot succeed.</summary>
public sealed record IngestRejection(string Id, string Reason);
