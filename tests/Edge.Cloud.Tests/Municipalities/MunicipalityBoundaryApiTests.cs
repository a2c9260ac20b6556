using System.Net;
using System.Text.Json;
using Edge.Cloud.Auth;
using Edge.Cloud.Tests.Zones;

namespace Edge.Cloud.Tests.Municipalities;

[Collection(CloudDatabaseCollection.Name)]
public sealed class MunicipalityBoundaryApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>, IAsyncLifetime
{
    private const string Superadmin = "root@boundary.local";
    private const string Password = "boundary-password";
    private readonly CloudApp _app = cloud.App;
    private Guid _ours;

    public async Task InitializeAsync()
    {
        _ours = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES (NULL, @Superadmin, 'root', 'superadmin', @Hash)
            ON CONFLICT DO NOTHING
            """, new { Superadmin, Hash = PasswordHasher.Hash(Password) });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> PutAsync(string geometry, string? email = null, string? password = null)
    {
        using var client = email is null ? await _app.CreateUserClientAsync(Superadmin, Password) : await _app.CreateUserClientAsync(email, password);
        return await client.PutAsync($"/api/v1/municipalities/{_ours}/boundary", GeoJson.Body(geometry));
    }

    [Fact]
    public async Task Set_BySuperadmin_IsStoredAuditedAndConstrainsZones()
    {
        var response = await PutAsync(GeoJson.Square(37.0, -0.9, 37.3, -0.6));
        using var admin = await _app.CreateUserClientAsync();
        var boundary = await GeoJson.ReadAsync(await admin.GetAsync($"/api/v1/municipalities/{_ours}/boundary"));
        var outside = await admin.PostAsync("/api/v1/zones", GeoJson.Body(GeoJson.Zone("Beyond", "flood", 1, GeoJson.Square(38.0, -0.8, 38.1, -0.7))));
        var inside = await admin.PostAsync("/api/v1/zones", GeoJson.Body(GeoJson.Zone("Within", "flood", 1, GeoJson.Square(37.1, -0.8, 37.2, -0.7))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("MultiPolygon", boundary.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(Superadmin, boundary.GetProperty("properties").GetProperty("updatedBy").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE actor = @Superadmin AND action = 'municipality.boundary' AND tenant_id = @_ours", new { Superadmin, _ours }) >= 1);
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE actor = @Superadmin AND action = 'superadmin:set-boundary'", new { Superadmin }) >= 1);
    }

    [Fact]
    public async Task Set_SmallerThanExistingZones_ListsTheZonesOutside()
    {
        await PutAsync(GeoJson.Square(37.0, -0.9, 37.3, -0.6));
        using var admin = await _app.CreateUserClientAsync();
        var zone = await GeoJson.ReadAsync(await admin.PostAsync("/api/v1/zones", GeoJson.Body(GeoJson.Zone("East end", "village", 80, GeoJson.Square(37.25, -0.8, 37.28, -0.7)))));

        var response = await PutAsync(GeoJson.Square(37.0, -0.9, 37.2, -0.6));
        await PutAsync(GeoJson.Square(37.0, -0.9, 37.3, -0.6));

        var body = await GeoJson.ReadAsync(response);
        Assert.Contains(body.GetProperty("zonesOutside").EnumerateArray(), id => id.GetString() == zone.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[37.0,-0.9],[37.3,-0.6],[37.3,-0.9],[37.0,-0.6],[37.0,-0.9]]]}""", "Self-intersection")]
    [InlineData("""{"type":"LineString","coordinates":[[37.0,-0.9],[37.3,-0.6]]}""", "must be a Polygon")]
    [InlineData("[1,2]", "send a GeoJSON Polygon")]
    [InlineData("{\"type\":", "the body is not JSON")]
    public async Task Set_InvalidGeometry_Is400WithReason(string geometry, string reason)
    {
        var response = await PutAsync(geometry);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await GeoJson.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ByAdmin_IsForbiddenAndChangesNothing()
    {
        var before = await TestData.ScalarAsync<string?>(_app.ConnectionString, "SELECT ST_AsText(boundary) FROM tenants WHERE id = @_ours", new { _ours });

        var response = await PutAsync(GeoJson.Square(0, 0, 1, 1), CloudApp.AdminEmail, _app.AdminPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await TestData.ScalarAsync<string?>(_app.ConnectionString, "SELECT ST_AsText(boundary) FROM tenants WHERE id = @_ours", new { _ours }));
    }

    [Fact]
    public async Task Clear_BySuperadmin_RemovesTheBoundary()
    {
        await PutAsync(GeoJson.Square(37.0, -0.9, 37.3, -0.6));
        using var root = await _app.CreateUserClientAsync(Superadmin, Password);

        var response = await root.DeleteAsync($"/api/v1/municipalities/{_ours}/boundary");
        var boundary = await GeoJson.ReadAsync(await root.GetAsync($"/api/v1/municipalities/{_ours}/boundary"));
        await PutAsync(GeoJson.Square(37.0, -0.9, 37.3, -0.6));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, boundary.GetProperty("geometry").ValueKind);
    }
}
