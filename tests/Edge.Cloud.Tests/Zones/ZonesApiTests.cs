using System.Net;
using System.Text.Json;

namespace Edge.Cloud.Tests.Zones;

/// <summary>
/// Zones against the real PostGIS, with devices at known places: a square zone of 0.01 degrees near the equator, a
/// device 10 m inside its east edge and one 10 m outside, a retired one inside, another municipality's inside.
/// </summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class ZonesApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>, IAsyncLifetime
{
    private const double West = 37.150, South = -0.730, East = 37.160, North = -0.720;
    private static readonly string Square = GeoJson.Square(West, South, East, North);
    private readonly CloudApp _app = cloud.App;
    private Guid _ours;

    public async Task InitializeAsync()
    {
        var db = _app.ConnectionString;
        _ours = await TestData.ScalarAsync<Guid>(db, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        // The municipality's boundary: zones must lie inside it.
        await TestData.ExecuteAsync(db, "UPDATE tenants SET boundary = ST_Multi(ST_MakeEnvelope(37.0, -0.9, 37.3, -0.6, 4326))::geography WHERE id = @_ours", new { _ours });
        await GeoJson.PlaceDeviceAsync(db, _ours, "z-rain", "rain_gauge", 37.155, -0.725);
        await GeoJson.PlaceDeviceAsync(db, _ours, "z-river-edge", "river_level", East - GeoJson.TenMetres, -0.725, "provisioned");
        await GeoJson.PlaceDeviceAsync(db, _ours, "z-river-outside", "river_level", East + GeoJson.TenMetres, -0.725);
        await GeoJson.PlaceDeviceAsync(db, _ours, "z-retired", "rain_gauge", 37.152, -0.722, "retired");
        await GeoJson.SetLatestAsync(db, _ours, "z-rain", TestData.Now, """{"rain_mm": 2.0, "battery_v": 3.5}""");
        await GeoJson.SetLatestAsync(db, _ours, "z-river-edge", TestData.Now.AddMinutes(5), """{"water_level_m": 1.2, "battery_v": 3.9}""");
        await GeoJson.SetLatestAsync(db, _ours, "z-river-outside", TestData.Now.AddMinutes(9), """{"water_level_m": 9.0, "battery_v": 1.0}""");
        if (await TestData.ScalarAsync<long>(db, "SELECT count(*) FROM tenants WHERE slug = 'zones-other'") == 0)
        {
            var (theirs, _) = await TestData.AddMunicipalityAsync(db, "zones-other", "gw-zones-other", "op@zones-other.local", "zones-password");
            await GeoJson.PlaceDeviceAsync(db, theirs, "z-foreign-inside", "rain_gauge", 37.156, -0.726);
            await TestData.ExecuteAsync(db, """
                INSERT INTO alerts (tenant_id, device_id, origin, rule, severity, status, raised_at, acknowledged_at, acknowledged_by)
                VALUES (@_ours, 'z-rain', 'edge', 'rain_mm>=1', 'warning', 'open', now(), NULL, NULL),
                       (@_ours, 'z-river-edge', 'edge', 'water_level_m>=1', 'warning', 'acknowledged', now(), now(), 'op@x'),
                       (@_ours, 'z-river-outside', 'edge', 'water_level_m>=1', 'critical', 'open', now(), NULL, NULL)
                """, new { _ours });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string feature)
    {
        using var admin = await _app.CreateUserClientAsync();
        var response = await admin.PostAsync("/api/v1/zones", GeoJson.Body(feature));
        return (response, await GeoJson.ReadAsync(response));
    }

    private async Task<string> CreateAsync(string name, string geometry)
    {
        var (response, body) = await PostAsync(GeoJson.Zone(name, "flood", 1200, geometry));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_ValidPolygon_Is201AndListedWithPopulationDevicesAndOpenAlerts()
    {
        var (response, created) = await PostAsync(GeoJson.Zone("Lower valley", "flood", 1200, Square));
        using var admin = await _app.CreateUserClientAsync();

        var list = await GeoJson.ReadAsync(await admin.GetAsync("/api/v1/zones"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/zones/{created.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal("FeatureCollection", list.GetProperty("type").GetString());
        var zone = list.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == created.GetProperty("id").GetString());
        Assert.Equal("MultiPolygon", zone.GetProperty("geometry").GetProperty("type").GetString());
        var properties = zone.GetProperty("properties");
        Assert.Equal("Lower valley", properties.GetProperty("name").GetString());
        Assert.Equal(1200, properties.GetProperty("population").GetInt32());
        Assert.Equal(2, properties.GetProperty("devices").GetInt32());
        Assert.Equal(1, properties.GetProperty("openAlerts").GetInt32());
    }

    [Fact]
    public async Task Devices_InZone_HasThePointJustInsideAndNotTheOneJustOutside()
    {
        var zoneId = await CreateAsync("Inside or out", Square);
        using var admin = await _app.CreateUserClientAsync();

        var devices = await GeoJson.ReadAsync(await admin.GetAsync($"/api/v1/zones/{zoneId}/devices"));

        Assert.Equal(["z-rain", "z-river-edge"], devices.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Summary_OfZone_CountsDevicesAndAggregatesTheirLatestValues()
    {
        var zoneId = await CreateAsync("Summarised", Square);
        using var admin = await _app.CreateUserClientAsync();

        var summary = await GeoJson.ReadAsync(await admin.GetAsync($"/api/v1/zones/{zoneId}/summary"));

        var devices = summary.GetProperty("devices");
        Assert.Equal(2, devices.GetProperty("total").GetInt32());
        Assert.Equal(1, devices.GetProperty("byKind").GetProperty("rain_gauge").GetInt32());
        Assert.Equal(1, devices.GetProperty("byKind").GetProperty("river_level").GetInt32());
        Assert.Equal(1, devices.GetProperty("byStatus").GetProperty("active").GetInt32());
        Assert.Equal(1, devices.GetProperty("byStatus").GetProperty("provisioned").GetInt32());
        var battery = summary.GetProperty("metrics").GetProperty("battery_v");
        Assert.Equal(3.5, battery.GetProperty("min").GetDouble(), 6);
        Assert.Equal(3.9, battery.GetProperty("max").GetDouble(), 6);
        Assert.Equal(3.7, battery.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(2, battery.GetProperty("devices").GetInt32());
        Assert.Equal(1.2, summary.GetProperty("metrics").GetProperty("water_level_m").GetProperty("max").GetDouble(), 6);
        Assert.Equal(TestData.Now.AddMinutes(5), summary.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(1, summary.GetProperty("alerts").GetProperty("open").GetInt32());
        Assert.Equal(1, summary.GetProperty("alerts").GetProperty("acknowledged").GetInt32());
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.72],[37.16,-0.73],[37.15,-0.72],[37.15,-0.73]]]}""", "not valid: Self-intersection")]
    [InlineData("""{"type":"Point","coordinates":[37.15,-0.73]}""", "must be a Polygon or a MultiPolygon")]
    [InlineData("""{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"coordinates":[[[0,0],[10,0],[10,10],[0,0]]]}""", "SRID 4326")]
    [InlineData("""{"type":"Polygon","coordinates":[[[-0.73,37.15],[-0.72,37.15],[-0.72,137.16],[-0.73,37.15]]]}""", "out of range")]
    [InlineData("""{"type":"Polygon","coordinates":"here"}""", "not GeoJSON PostGIS can read")]
    [InlineData("""{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.72],[37.15,-0.73]]]}""", "not valid: Too few points")]
    [InlineData("""{}""", "not GeoJSON PostGIS can read")]
    [InlineData("""{"type":"Polygon","coordinates":[[[37.30,-0.73],[37.31,-0.73],[37.31,-0.72],[37.30,-0.73]]]}""", "outside the municipality's boundary")]
    public async Task Create_BadPolygon_Is400WithTheReasonAndStoresNothing(string geometry, string reason)
    {
        var before = await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM zones");

        var (response, problem) = await PostAsync(GeoJson.Zone("Bad", "landslide", 10, geometry));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM zones"));
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "send a GeoJSON Feature")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.73],[37.16,-0.72],[37.15,-0.73]]]},"properties":{"name":"x","kind":"volcano"}}""", "kind must be one of")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.73],[37.16,-0.72],[37.15,-0.73]]]},"properties":{"name":"x","kind":"village","population":-3}}""", "population must be")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.73],[37.16,-0.72],[37.15,-0.73]]]},"properties":{"kind":"village"}}""", "name is required")]
    public async Task Create_BadFeature_Is400WithTheReason(string feature, string reason)
    {
        var (response, problem) = await PostAsync(feature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BodyNotJson_Is400()
    {
        var response = await PostRawAsync("{\"type\":\"Feature\",");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the body is not JSON", (await GeoJson.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostRawAsync(string body)
    {
        using var admin = await _app.CreateUserClientAsync();
        return await admin.PostAsync("/api/v1/zones", GeoJson.Body(body));
    }

    [Fact]
    public async Task Change_Zone_IsStoredAndAuditedWithBeforeAndAfter()
    {
        var zoneId = await CreateAsync("Before", Square);
        using var admin = await _app.CreateUserClientAsync();
        var smaller = GeoJson.Square(West, South, 37.158, North); // leaves the river station out

        var response = await admin.PutAsync($"/api/v1/zones/{zoneId}", GeoJson.Body(GeoJson.Zone("After", "village", 640, smaller)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await GeoJson.ReadAsync(response)).GetProperty("properties");
        Assert.Equal(("After", "village", 640, 1), (properties.GetProperty("name").GetString(), properties.GetProperty("kind").GetString(),
            properties.GetProperty("population").GetInt32(), properties.GetProperty("devices").GetInt32()));
        var audit = await TestData.ScalarAsync<string>(_app.ConnectionString,
            "SELECT details::text FROM audit_log WHERE action = 'zone.change' AND target = @zoneId AND actor = @actor", new { zoneId, actor = CloudApp.AdminEmail });
        using var details = JsonDocument.Parse(audit);
        Assert.Equal("Before", details.RootElement.GetProperty("before").GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal("After", details.RootElement.GetProperty("after").GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'zone.create' AND target = @zoneId", new { zoneId }));
    }

    [Fact]
    public async Task Change_WithInvalidPolygon_Is400AndKeepsTheZone()
    {
        var zoneId = await CreateAsync("Kept", Square);
        using var admin = await _app.CreateUserClientAsync();
        var bowtie = """{"type":"Polygon","coordinates":[[[37.15,-0.73],[37.16,-0.72],[37.16,-0.73],[37.15,-0.72],[37.15,-0.73]]]}""";

        var response = await admin.PutAsync($"/api/v1/zones/{zoneId}", GeoJson.Body(GeoJson.Zone("Broken", "flood", 1, bowtie)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Kept", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT name FROM zones WHERE id = @zoneId::uuid", new { zoneId }));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("GET")]
    [InlineData("GET", "/summary")]
    [InlineData("GET", "/devices")]
    public async Task UnknownZone_Is404Problem(string method, string suffix = "")
    {
        using var admin = await _app.CreateUserClientAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/zones/{Guid.NewGuid()}{suffix}")
        {
            Content = method == "PUT" ? GeoJson.Body(GeoJson.Zone("x", "flood", 1, Square)) : null,
        };

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_InAnotherMunicipality_IsRefusedByAnAdmin()
    {
        var theirs = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT id FROM tenants WHERE slug = 'zones-other'");

        var (response, _) = await PostAsync(GeoJson.Zone("Smuggled", "flood", 1, Square, theirs));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM zones WHERE tenant_id = @theirs", new { theirs }));
    }

    [Fact]
    public async Task Create_BySuperadminWithoutMunicipality_Is400AndWithItLandsThere()
    {
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES (NULL, 'root@zones.local', 'root', 'superadmin', @hash)
            ON CONFLICT DO NOTHING
            """, new { hash = Edge.Cloud.Auth.PasswordHasher.Hash("zones-root-password") });
        using var root = await _app.CreateUserClientAsync("root@zones.local", "zones-root-password");

        var unnamed = await root.PostAsync("/api/v1/zones", GeoJson.Body(GeoJson.Zone("Whose?", "village", 5, Square)));
        var named = await root.PostAsync("/api/v1/zones", GeoJson.Body(GeoJson.Zone("Ours by root", "village", 5, Square, _ours)));

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("names the zone's municipality", (await GeoJson.ReadAsync(unnamed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'zone.create' AND actor = 'root@zones.local' AND tenant_id = @_ours", new { _ours }));
    }

    [Fact]
    public async Task Create_MultiPolygon_IsOneZoneOfSeveralPieces()
    {
        var pieces = """
            {"type":"MultiPolygon","coordinates":[[[[37.150,-0.730],[37.152,-0.730],[37.152,-0.728],[37.150,-0.730]]],[[[37.154,-0.724],[37.157,-0.724],[37.157,-0.723],[37.154,-0.724]]]]}
            """;

        var (response, body) = await PostAsync(GeoJson.Zone("Both banks", "flood", 300, pieces));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, body.GetProperty("geometry").GetProperty("coordinates").GetArrayLength());
    }
}
