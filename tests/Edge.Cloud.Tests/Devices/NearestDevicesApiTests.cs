using System.Net;
using System.Text.Json;
using Dapper;
using Edge.Cloud.Devices;
using Edge.Cloud.Tests.Zones;
using Npgsql;

namespace Edge.Cloud.Tests.Devices;

/// <summary>
/// Nearest devices at latitude 60, where a degree of longitude is half a degree of latitude: a device 0.015 degrees east
/// (837 m) is nearer than one 0.01 degrees north (1114 m), the opposite of what degrees would say.
/// </summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class NearestDevicesApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>, IAsyncLifetime
{
    private const string Here = "lat=60&lon=10";
    private readonly CloudApp _app = cloud.App;

    public async Task InitializeAsync()
    {
        var db = _app.ConnectionString;
        var ours = await TestData.ScalarAsync<Guid>(db, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        await GeoJson.PlaceDeviceAsync(db, ours, "n-north", "river_level", 10.0, 60.01);
        await GeoJson.PlaceDeviceAsync(db, ours, "n-east", "soil_moisture", 10.015, 60.0);
        await GeoJson.PlaceDeviceAsync(db, ours, "n-rain", "rain_gauge", 10.0, 60.02);
        await GeoJson.PlaceDeviceAsync(db, ours, "n-far", "river_level", 10.05, 60.05);
        await GeoJson.PlaceDeviceAsync(db, ours, "n-retired", "river_level", 10.001, 60.0, "retired");
        await GeoJson.SetLatestAsync(db, ours, "n-east", TestData.Now, """{"soil_moisture_pct": 31.5}""");
        if (await TestData.ScalarAsync<long>(db, "SELECT count(*) FROM tenants WHERE slug = 'nearest-other'") == 0)
        {
            var (theirs, _) = await TestData.AddMunicipalityAsync(db, "nearest-other", "gw-nearest-other", "op@nearest-other.local", "nearest-password");
            await GeoJson.PlaceDeviceAsync(db, theirs, "n-foreign", "river_level", 10.0001, 60.0);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<JsonElement>> NearestAsync(string query)
    {
        using var admin = await _app.CreateUserClientAsync();
        var response = await admin.GetAsync($"/api/v1/devices/nearest?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        return [.. (await GeoJson.ReadAsync(response)).GetProperty("features").EnumerateArray()];
    }

    private static double Distance(JsonElement feature) => feature.GetProperty("properties").GetProperty("distanceM").GetDouble();

    [Fact]
    public async Task Nearest_OrdersByGeodesicDistanceWithoutRetiredOrForeignDevices()
    {
        var features = await NearestAsync(Here);

        Assert.Equal(["n-east", "n-north", "n-rain", "n-far"], features.Select(f => f.GetProperty("id").GetString()));
        Assert.InRange(Distance(features[0]), 836, 838);  // N(60) cos 60 x 0.015 degrees on the WGS 84 spheroid
        Assert.InRange(Distance(features[1]), 1113, 1115); // the meridian arc of 0.01 degrees at 60
        Assert.Equal(31.5, features[0].GetProperty("properties").GetProperty("latest").GetProperty("soil_moisture_pct").GetDouble());
    }

    [Fact]
    public async Task Nearest_WithLimit_ReturnsOnlyTheNearest()
    {
        var features = await NearestAsync(Here + "&limit=2");

        Assert.Equal(["n-east", "n-north"], features.Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Nearest_OfAKind_ReturnsOnlyThatKind()
    {
        var features = await NearestAsync(Here + "&kind=river_level");

        Assert.Equal(["n-north", "n-far"], features.Select(f => f.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("lat=91&lon=10")]
    [InlineData("lat=60")]
    [InlineData("lat=60&lon=181")]
    [InlineData("lat=60&lon=10&limit=0")]
    [InlineData("lat=60&lon=10&limit=101")]
    public async Task Nearest_BadQuery_Is400Problem(string query)
    {
        using var admin = await _app.CreateUserClientAsync();

        var response = await admin.GetAsync($"/api/v1/devices/nearest?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Nearest_WalksTheGeographyIndexInDistanceOrder()
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: transaction); // a handful of rows would be scanned otherwise

        var plan = string.Join('\n', await connection.QueryAsync<string>("EXPLAIN " + NearestDevicesApi.SelectNearest,
            new { Latitude = 60.0, Longitude = 10.0, Kind = (string?)null, Limit = 3, Candidates = 35 }, transaction));

        Assert.Contains("Index Scan using devices_location", plan, StringComparison.Ordinal);
        Assert.Contains("Order By: (location <-> ", plan, StringComparison.Ordinal);
    }
}
