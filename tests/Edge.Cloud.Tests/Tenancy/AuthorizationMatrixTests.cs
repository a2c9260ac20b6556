using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Telemetry;
using Npgsql;

namespace Edge.Cloud.Tests.Tenancy;

/// <summary>
/// Every endpoint, for every role, on the caller's own municipality and on another: what comes back, and that nothing
/// of another municipality is ever written.
/// </summary>
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

    /// <summary>The write endpoints of provisioning; {device} and {gateway} are fresh per case, in the own or the foreign municipality.</summary>
    private static readonly string[] WriteEndpoints =
    [
        "POST /devices", "PUT /devices/{device}", "DELETE /devices/{device}", "POST /devices/{device}/replace",
        "POST /devices/{device}/credentials", "POST /devices/{device}/api-key", "POST /devices/import",
        "POST /gateways", "POST /gateways/{gateway}/key",
    ];

    public static TheoryData<string, string, string> WriteCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var endpoint in WriteEndpoints)
            {
                data.Add(role, endpoint, "own");
                if (endpoint != "POST /gateways")
                {
                    data.Add(role, endpoint, "foreign");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WriteCases))]
    public async Task Write_ByRoleOnOwnAndForeignMunicipality_ChangesOnlyWhatItMay(string role, string endpoint, string whose)
    {
        var tag = $"{whose}-{role}-{Array.IndexOf(WriteEndpoints, endpoint)}";
        var device = "mw-" + tag;
        var gateway = "mwg-" + tag;
        var owner = whose == "own" ? CloudApp.GatewayId : "gw-matrix-other";
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO gateways (id, tenant_id, name, api_key_sha256) SELECT @gateway, tenant_id, @gateway, sha256(convert_to(@gateway, 'UTF8')) FROM gateways WHERE id = @owner;
            INSERT INTO devices (id, tenant_id, gateway_id, kind, name) SELECT @device, tenant_id, @owner, 'river_level', @device FROM gateways WHERE id = @owner;
            """, new { gateway, device, owner });
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var response = await SendAsync(client, endpoint, device, gateway, owner);

        var allowed = endpoint.Contains("gateways", StringComparison.Ordinal) ? role == "admin" : role is "admin" or "technician";
        var expected = !allowed ? HttpStatusCode.Forbidden : (endpoint, whose) switch
        {
            ("POST /devices", "own") or ("POST /devices/{device}/replace", "own") or ("POST /gateways", _) => HttpStatusCode.Created,
            ("DELETE /devices/{device}", "own") => HttpStatusCode.NoContent,
            ("POST /devices/{device}/credentials", "own") => HttpStatusCode.ServiceUnavailable, // no broker in this fixture: the device was found
            (_, "own") or ("POST /devices/import", _) => HttpStatusCode.OK,
            ("POST /devices", _) => HttpStatusCode.BadRequest, // the foreign gateway does not exist for the caller
            _ => HttpStatusCode.NotFound,
        };
        Assert.Equal(expected, response.StatusCode);
        if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.NoContent)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (whose == "foreign" || !allowed)
        {
            await AssertUntouchedAsync(device, gateway);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint, string device, string gateway, string owner)
    {
        var path = "/api/v1" + endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace("{device}", device, StringComparison.Ordinal).Replace("{gateway}", gateway, StringComparison.Ordinal);
        return endpoint switch
        {
            "POST /devices" => client.PostAsJsonAsync(path, new { id = device + "-n", gatewayId = owner }),
            "PUT /devices/{device}" => client.PutAsJsonAsync(path, new { name = "changed" }),
            "DELETE /devices/{device}" => client.DeleteAsync(path),
            "POST /devices/{device}/replace" => client.PostAsJsonAsync(path, new { newId = device + "-r" }),
            "POST /devices/import" => client.PostAsync(path, new StringContent($"id,gatewayId\n{device}-i,{owner}\n", Encoding.UTF8, "text/csv")),
            "POST /gateways" => client.PostAsJsonAsync(path, new { id = gateway + "-n" }),
            _ => client.PostAsync(path, null),
        };
    }

    /// <summary>Nothing about the device or gateway changed, nothing was created in their name, nothing was audited.</summary>
    private async Task AssertUntouchedAsync(string device, string gateway)
    {
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM devices WHERE id = @device AND name = @device AND status = 'active' AND retired_at IS NULL", new { device }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id LIKE @prefix", new { prefix = device + "-%" }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM device_credentials WHERE device_id = @device", new { device }));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM gateways WHERE id = @gateway AND api_key_sha256 = sha256(convert_to(@gateway, 'UTF8'))", new { gateway }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM gateways WHERE id LIKE @prefix", new { prefix = gateway + "-%" }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE target LIKE @device OR target LIKE @gateway", new { device = device + "%", gateway = gateway + "%" }));
    }
}
