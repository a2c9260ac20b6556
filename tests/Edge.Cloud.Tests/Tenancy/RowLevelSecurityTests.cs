using System.Net.Http.Json;
using Dapper;
using Edge.Telemetry;
using Npgsql;

namespace Edge.Cloud.Tests.Tenancy;

/// <summary>PostgreSQL itself keeps municipalities apart: the tests connect as the application's role, bypassing the API.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class RowLevelSecurityTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private readonly CloudApp _app = cloud.App;
    private Guid _ours;
    private Guid _theirs;

    private string AppRole => new NpgsqlConnectionStringBuilder(_app.ConnectionString) { Username = "edge_app" }.ConnectionString;

    public async Task InitializeAsync()
    {
        using var gateway = _app.CreateGatewayClient();
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 1, "rls-ours", TestData.Now, ("rain_mm", 1))),
            TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        if (await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM tenants WHERE slug = 'rls-other'") == 0)
        {
            var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "rls-other", "gw-rls-other", "op@rls-other.local", "rls-password");
            using var other = _app.CreateGatewayClient(otherKey);
            (await other.PostAsJsonAsync("/api/v1/ingest", TestData.Batch("gw-rls-other", TestData.Reading("gw-rls-other", 1, "rls-theirs", TestData.Now, ("rain_mm", 2))),
                TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        _ours = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        _theirs = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT id FROM tenants WHERE slug = 'rls-other'");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<T> AsAppAsync<T>(Guid? tenant, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work)
    {
        await using var connection = new NpgsqlConnection(AppRole);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (tenant is { } id)
        {
            await connection.ExecuteAsync("SELECT set_config('app.tenant_id', @id, true)", new { id = id.ToString() }, transaction);
        }

        return await work(connection, transaction);
    }

    [Theory]
    [InlineData("devices")]
    [InlineData("readings")]
    [InlineData("device_latest")]
    [InlineData("gateways")]
    [InlineData("users")]
    [InlineData("tenants")]
    public async Task AppRole_WithoutMunicipality_SeesNothing(string table)
    {
        var rows = await AsAppAsync(null, (c, t) => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}", transaction: t));

        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task AppRole_InOneMunicipality_SeesOnlyItsRowsWhateverTheQuery()
    {
        var devices = await AsAppAsync(_ours, async (c, t) => (await c.QueryAsync<string>("SELECT id FROM devices", transaction: t)).ToList());
        var readings = await AsAppAsync(_ours, (c, t) => c.ExecuteScalarAsync<long>("SELECT count(*) FROM readings WHERE device_id = 'rls-theirs'", transaction: t));

        Assert.Contains("rls-ours", devices);
        Assert.DoesNotContain("rls-theirs", devices);
        Assert.Equal(0, readings);
    }

    [Fact]
    public async Task AppRole_WritingIntoAnotherMunicipality_IsRefused()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => AsAppAsync(_ours, (c, t) => c.ExecuteAsync(
            "INSERT INTO devices (id, tenant_id, name) VALUES ('rls-smuggled', @theirs, 'x')", new { theirs = _theirs }, t)));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_IsNotAbleToTurnSecurityOff()
    {
        var role = await AsAppAsync(null, (c, t) => c.QuerySingleAsync<(bool Super, bool Bypass)>(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", transaction: t));
        var error = await Assert.ThrowsAsync<PostgresException>(() => AsAppAsync(null, (c, t) => c.ExecuteAsync("ALTER TABLE devices DISABLE ROW LEVEL SECURITY", transaction: t)));

        Assert.Equal((false, false), role);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task EveryTable_HasForcedRowLevelSecurity()
    {
        var unprotected = await TestData.ScalarAsync<string?>(_app.ConnectionString, """
            SELECT string_agg(relname, ', ') FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
              AND relname NOT IN ('schema_migrations', 'spatial_ref_sys')
              AND NOT (relrowsecurity AND relforcerowsecurity)
            """);

        Assert.Null(unprotected);
    }
}
