using System.Net;
using System.Net.Http.Json;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Telemetry;
using Npgsql;

namespace Edge.Cloud.Tests.Tenancy;

/// <summary>Every read endpoint, for every role, on the caller's own municipality and on another: what comes back.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class AuthorizationMatrixTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private const string Password = "matrix-password";
    private static readonly string[] Roles = ["superadmin", "admin", "operator", "technician", "viewer"];
    private readonly CloudApp _app = cloud.App;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var endpoint in new[] { "/api/v1/devices/{device}", "/api/v1/devices/{device}/readings" })
            {
                data.Add(role, endpoint, "own");
                data.Add(role, endpoint, "foreign");
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        if (await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM users WHERE email LIKE 'matrix-%'") > 0)
        {
            return;
        }

        using (var gateway = _app.CreateGatewayClient())
        {
            (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 1, "matrix-own", TestData.Now, ("rain_mm", 1))),
                TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "matrix-other", "gw-matrix-other", "matrix-other-admin@x.local", Password);
        using (var other = _app.CreateGatewayClient(otherKey))
        {
            (await other.PostAsJsonAsync("/api/v1/ingest", TestData.Batch("gw-matrix-other", TestData.Reading("gw-matrix-other", 1, "matrix-foreign", TestData.Now, ("rain_mm", 2))),
                TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        var ours = await connection.ExecuteScalarAsync<Guid>("SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        foreach (var role in Roles)
        {
            await connection.ExecuteAsync(
                "INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES (@tenant, @email, @email, @role, @hash)",
                new { tenant = role == "superadmin" ? (Guid?)null : ours, email = $"matrix-{role}@x.local", role, hash = PasswordHasher.Hash(Password) });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Read_ByRoleOnOwnAndForeignMunicipality_SeesOnlyWhatItMay(string role, string endpoint, string whose)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);
        var device = whose == "own" ? "matrix-own" : "matrix-foreign";

        var response = await client.GetAsync(endpoint.Replace("{device}", device, StringComparison.Ordinal));

        var expected = whose == "own" || role == "superadmin" ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("technician")]
    [InlineData("viewer")]
    public async Task ListDevices_ByAnyMunicipalRole_HasNoForeignDevice(string role)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var body = await client.GetStringAsync("/api/v1/devices");

        Assert.Contains("matrix-own", body, StringComparison.Ordinal);
        Assert.DoesNotContain("matrix-foreign", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDevices_BySuperadmin_SeesEveryMunicipalityAndIsAudited()
    {
        using var client = await _app.CreateUserClientAsync("matrix-superadmin@x.local", Password);

        var body = await client.GetStringAsync("/api/v1/devices");

        Assert.Contains("matrix-own", body, StringComparison.Ordinal);
        Assert.Contains("matrix-foreign", body, StringComparison.Ordinal);
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE actor = 'matrix-superadmin@x.local' AND action = 'superadmin:list-devices'") > 0);
    }
}
