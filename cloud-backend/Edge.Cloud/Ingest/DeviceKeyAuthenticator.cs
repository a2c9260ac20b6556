using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Ingest;

/// <summary>A device that presented its own API key: which one, and its municipality.</summary>
internal sealed record AuthenticatedDevice(string DeviceId, Guid TenantId);

/// <summary>Finds the device an API key belongs to (by the key's SHA-256; retiring a device voids its key).</summary>
internal sealed class DeviceKeyAuthenticator(TenantDatabase database)
{
    private const string SelectByKey = "SELECT device_id AS DeviceId, tenant_id AS TenantId FROM device_credentials WHERE api_key_sha256 = @Hash";

    public async Task<AuthenticatedDevice?> AuthenticateAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 256)
        {
            return null;
        }

        var hash = ApiKeys.Hash(apiKey);
        await using var session = await database.BeginForDeviceKeyAsync(hash, cancellationToken);
        return await session.Connection.QuerySingleOrDefaultAsync<AuthenticatedDevice>(
            new CommandDefinition(SelectByKey, new { Hash = hash }, session.Transaction, cancellationToken: cancellationToken));
    }
}
