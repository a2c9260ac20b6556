using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Ingest;

/// <summary>Finds the gateway an API key belongs to (by the key's SHA-256).</summary>
internal sealed class GatewayAuthenticator(TenantDatabase database)
{
    private const string SelectByKey = """
        SELECT id AS Id, tenant_id AS TenantId, ST_X(location::geometry) AS Longitude, ST_Y(location::geometry) AS Latitude
        FROM gateways WHERE api_key_sha256 = @Hash
        """;

    public async Task<AuthenticatedGateway?> AuthenticateAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 256)
        {
            return null;
        }

        var hash = ApiKeys.Hash(apiKey);
        await using var session = await database.BeginForGatewayKeyAsync(hash, cancellationToken);
        return await session.Connection.QuerySingleOrDefaultAsync<AuthenticatedGateway>(
            new CommandDefinition(SelectByKey, new { Hash = hash }, session.Transaction, cancellationToken: cancellationToken));
    }
}
