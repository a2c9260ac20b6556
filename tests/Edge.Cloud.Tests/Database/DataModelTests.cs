using Dapper;
using Npgsql;

namespace Edge.Cloud.Tests.Database;

/// <summary>What the schema itself guarantees, whatever code writes to it: rule versions kept, alert states consistent, zones valid.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class DataModelTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    private string AppRole => new NpgsqlConnectionStringBuilder(_app.ConnectionString) { Username = "edge_app" }.ConnectionString;

    private Task<Guid> OursAsync() => TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });

    private async Task AsAppAsync(Guid tenant, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(AppRole);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT set_config('app.tenant_id', @id, true), set_config('app.actor', 'tester@x', true)", new { id = tenant.ToString() }, transaction);
        await connection.ExecuteAsync(sql, parameters, transaction);
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task RuleChange_MakesANewVersionAndKeepsTheOldOnes()
    {
        var tenant = await OursAsync();
        var ruleId = Guid.NewGuid();
        await AsAppAsync(tenant, "INSERT INTO rules (id, tenant_id, definition) VALUES (@ruleId, @tenant, '{\"metric\":\"water_level_m\",\"raise\":2.5}')", new { ruleId, tenant });
        await AsAppAsync(tenant, "UPDATE rules SET definition = '{\"metric\":\"water_level_m\",\"raise\":2.8}' WHERE id = @ruleId", new { ruleId });
        await AsAppAsync(tenant, "UPDATE rules SET enabled = false WHERE id = @ruleId", new { ruleId });
        await AsAppAsync(tenant, "UPDATE rules SET enabled = false WHERE id = @ruleId", new { ruleId }); // no change, no version

        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        var versions = (await connection.QueryAsync<(int Version, string Raise, bool Enabled, string ChangedBy)>(
            "SELECT version, definition ->> 'raise', enabled, changed_by FROM rule_versions WHERE rule_id = @ruleId ORDER BY version", new { ruleId })).ToList();
        Assert.Equal([(1, "2.5", true, "tester@x"), (2, "2.8", true, "tester@x"), (3, "2.8", false, "tester@x")], versions);
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT version FROM rules WHERE id = @ruleId", new { ruleId }));
    }

    [Theory]
    [InlineData("UPDATE rule_versions SET definition = '{}'")]
    [InlineData("DELETE FROM rule_versions")]
    [InlineData("DELETE FROM alert_events")]
    public async Task History_CannotBeRewrittenByTheApplication(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(async () => await AsAppAsync(await OursAsync(), sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [InlineData("acknowledged", null, null)]
    [InlineData("resolved", "2026-11-21T10:00:00Z", null)]
    [InlineData("resolved", null, "someone")]
    public async Task Alert_InAStateWithoutItsWhoAndWhen_IsRefused(string status, string? at, string? by)
    {
        var tenant = await OursAsync();
        await TestData.ExecuteAsync(_app.ConnectionString, "INSERT INTO devices (id, tenant_id, name) VALUES ('dm-alerting', @tenant, 'x') ON CONFLICT DO NOTHING", new { tenant });
        var resolvedAt = status == "resolved" && at is not null ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;

        var error = await Assert.ThrowsAsync<PostgresException>(() => TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO alerts (tenant_id, device_id, origin, rule, severity, status, raised_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by)
            VALUES (@tenant, 'dm-alerting', 'cloud', 'r', 'warning', @status, now(), NULL, NULL, @resolvedAt, @by)
            """, new { tenant, status, resolvedAt, by }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task Zone_WithSelfIntersectingPolygon_IsRefusedByTheTable()
    {
        var tenant = await OursAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO zones (tenant_id, name, kind, area, created_by, updated_by)
            VALUES (@tenant, 'bowtie', 'flood', ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326))::geography, 't', 't')
            """, new { tenant }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task DeviceProfiles_BuiltInAreSharedAndOwnAreConfined()
    {
        var ours = await OursAsync();
        var theirs = await TestData.ScalarAsync<Guid>(_app.ConnectionString,
            "INSERT INTO tenants (slug, name) VALUES ('dm-' || substr(md5(random()::text), 1, 8), 'other') RETURNING id");
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO device_profiles (tenant_id, name, device_type, codec, metric_mapping, report_interval_s) VALUES
                (NULL, 'dm-builtin-' || gen_random_uuid(), 'river_level', 'sms', '{"WL":"water_level_m"}', 300),
                (@theirs, 'dm-theirs', 'rain_gauge', 'cayenne_lpp', '{}', 60)
            """, new { theirs });

        await using var connection = new NpgsqlConnection(AppRole);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT set_config('app.tenant_id', @id, true)", new { id = ours.ToString() }, transaction);
        var visible = (await connection.QueryAsync<string>("SELECT name FROM device_profiles", transaction: transaction)).ToList();
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO device_profiles (tenant_id, name, device_type, codec) VALUES (NULL, 'dm-sneaky', 'rain_gauge', 'json')", transaction: transaction));

        Assert.Contains(visible, name => name.StartsWith("dm-builtin-", StringComparison.Ordinal));
        Assert.DoesNotContain("dm-theirs", visible);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
