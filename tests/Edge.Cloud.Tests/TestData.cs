using Dapper;
using Edge.Cloud.Auth;
using Edge.Telemetry.Contracts;
using Npgsql;

namespace Edge.Cloud.Tests;

/// <summary>Builders for contract records and for extra municipalities, gateways and users written straight to the database.</summary>
internal static class TestData
{
    /// <summary>
    /// The tests' "now": the start of the hour two hours before the real clock (the readings tests fill the hour after
    /// it). Relative to the clock, because the cloud refuses readings from the future: a fixed date would fail on a
    /// machine whose clock is behind it, and anything judged by lateness would fail everywhere some day later.
    /// </summary>
    public static readonly DateTimeOffset Now = StartOfHour(TimeProvider.System.GetUtcNow()).AddHours(-2);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset StartOfHour(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero);

    public static Reading Reading(string gatewayId, long journalSeq, string deviceId, DateTimeOffset ts, params (string Metric, double Value)[] values) => new()
    {
        Id = $"{gatewayId}:{journalSeq}",
        GatewayId = gatewayId,
        DeviceId = deviceId,
        Ts = ts,
        ReceivedAt = ts,
        Source = ReadingSources.Mqtt,
        Seq = journalSeq,
        Values = values.ToDictionary(v => v.Metric, v => v.Value),
    };

    public static IngestBatch Batch(string gatewayId, params Reading[] readings) => new() { GatewayId = gatewayId, Readings = readings };

    /// <summary>A second municipality with its own gateway (key returned) and a user of the given role.</summary>
    public static async Task<(Guid TenantId, string GatewayKey)> AddMunicipalityAsync(
        string connectionString, string slug, string gatewayId, string userEmail, string userPassword, string role = "operator")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var tenantId = await connection.ExecuteScalarAsync<Guid>("INSERT INTO tenants (slug, name) VALUES (@slug, @slug) RETURNING id", new { slug });
        var key = ApiKeys.Generate();
        await connection.ExecuteAsync(
            "INSERT INTO gateways (id, tenant_id, name, api_key_sha256, location) VALUES (@gatewayId, @tenantId, @gatewayId, @hash, ST_SetSRID(ST_MakePoint(36.8, -1.3), 4326)::geography)",
            new { gatewayId, tenantId, hash = ApiKeys.Hash(key) });
        await connection.ExecuteAsync(
            "INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES (@tenantId, @userEmail, @userEmail, @role, @hash)",
            new { tenantId, userEmail, role, hash = PasswordHasher.Hash(userPassword) });
        return (tenantId, key);
    }

    /// <summary>A person of the given role in the municipality of the seeded gateway (the test's own municipality).</summary>
    public static async Task AddUserAsync(string connectionString, string email, string password, string role)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            INSERT INTO users (tenant_id, email, display_name, role, password_hash)
            SELECT CASE WHEN @role = 'superadmin' THEN NULL ELSE tenant_id END, @email, @email, @role, @hash FROM gateways WHERE id = @gateway
            ON CONFLICT DO NOTHING
            """, new { email, role, hash = PasswordHasher.Hash(password), gateway = CloudApp.GatewayId });
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(sql, parameters);
    }
}
