namespace Edge.Cloud.Ingest;

/// <summary>A gateway that presented a valid API key: who it is, its municipality, and where it stands.</summary>
internal sealed record AuthenticatedGateway(string Id, Guid TenantId, double? Longitude, double? Latitude)
{
    /// <summary>Set when a device sends for itself without a gateway (<c>POST /api/v1/sensor-data</c>): the one device it may write for.</summary>
    public string? DirectDeviceId { get; init; }
}
