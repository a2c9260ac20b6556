using Dapper;
using Edge.Cloud.Auth;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Database;

/// <summary>Creates (or refreshes) the development municipality, gateway and admin of <see cref="DevelopmentSeedOptions"/>.</summary>
internal sealed partial class DevelopmentSeeder(
    DatabaseAdministration administration,
    IOptions<DevelopmentSeedOptions> options,
    IHostEnvironment environment,
    ILogger<DevelopmentSeeder> logger)
{
    private const string UpsertTenant = """
        INSERT INTO tenants (slug, name) VALUES (@TenantSlug, @TenantName)
        ON CONFLICT (slug) DO UPDATE SET name = excluded.name
        RETURNING id
        """;

    private const string UpsertGateway = """
        INSERT INTO gateways (id, tenant_id, name, api_key_sha256, location)
        VALUES (@GatewayId, @TenantId, @GatewayId, @KeyHash, ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography)
        ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, api_key_sha256 = excluded.api_key_sha256, location = excluded.location
        """;

    private const string InsertAdmin = """
        INSERT INTO users (tenant_id, email, display_name, role, password_hash)
        VALUES (@TenantId, @Email, 'Development admin', 'admin', @PasswordHash)
        ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = excluded.password_hash, tenant_id = excluded.tenant_id, failed_logins = 0, locked_until = NULL
        """;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        if (!seed.Enabled)
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"Seed:Enabled creates development credentials and is refused in the {environment.EnvironmentName} environment");
        }

        if (string.IsNullOrEmpty(seed.GatewayApiKey) || string.IsNullOrEmpty(seed.AdminPassword))
        {
            throw new InvalidOperationException("Seed:GatewayApiKey and Seed:AdminPassword must be given (the set-up command generates them)");
        }

        await using var connection = await administration.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tenantId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(UpsertTenant, new { seed.TenantSlug, seed.TenantName }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(UpsertGateway, new
        {
            seed.GatewayId,
            TenantId = tenantId,
            KeyHash = ApiKeys.Hash(seed.GatewayApiKey),
            Longitude = seed.GatewayLongitude,
            Latitude = seed.GatewayLatitude,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertAdmin, new
        {
            TenantId = tenantId,
            Email = seed.AdminEmail,
            PasswordHash = PasswordHasher.Hash(seed.AdminPassword),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogSeeded(seed.TenantSlug, seed.GatewayId, seed.AdminEmail);
    }
}
