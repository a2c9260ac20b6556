using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Edge.Cloud.Health;

/// <summary>PostgreSQL answers and PostGIS is present.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var postgis = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT postgis_lib_version()", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"PostgreSQL {connection.PostgreSqlVersion}, PostGIS {postgis}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}
