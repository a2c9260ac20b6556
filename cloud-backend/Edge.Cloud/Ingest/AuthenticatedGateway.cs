namespace Edge.Cloud.Ingest;

/// <summary>A gateway that presented a valid API key: who it is, its municipality, and where it stands.</summary>
internal sealed record AuthenticatedGateway(string Id, Guid TenantId, double? Longitude, double? Latitude);
