using System.Net;
using System.Xml.Linq;
using Edge.Cloud.Tests.Zones;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Cap;

/// <summary>Hazard alerts as CAP 1.2 documents and the municipality's Atom feed of them.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class CapApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private static readonly XNamespace Cap = CapStructure.Cap;
    private readonly CloudApp _app = cloud.App;

    private async Task<Guid> AlertAtAsync(long seq, string device, double lon, double lat, string metric = "water_level_m", string state = "raised")
    {
        await SendAsync(_app, EdgeAlert(seq, device, "critical", "raised", 2.9, TestData.Now, rule: metric + " rule", metric: metric));
        if (state == "cleared")
        {
            await SendAsync(_app, EdgeAlert(seq + 1, device, "critical", "cleared", 2.1, TestData.Now.AddMinutes(30), rule: metric + " rule", metric: metric));
        }

        await TestData.ExecuteAsync(_app.ConnectionString, "UPDATE devices SET location = ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography WHERE id = @device", new { lon, lat, device });
        return await AlertIdAsync(_app, device);
    }

    private async Task<XDocument> CapAsync(Guid alert)
    {
        using var client = await _app.CreateUserClientAsync();
        var response = await client.GetAsync($"/api/v1/cap/{alert}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/cap+xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(CapStructure.Problems(document));
        return document;
    }

    [Fact]
    public async Task Get_AlertInAZone_IsACap12AlertWithTheZonesPolygon()
    {
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO zones (tenant_id, name, kind, area, created_by, updated_by)
            SELECT tenant_id, 'Lower valley', 'flood', ST_Multi(ST_GeomFromGeoJSON(@area))::geography, 'test', 'test' FROM gateways WHERE id = @gateway
            """, new { area = GeoJson.Square(38.10, -0.30, 38.20, -0.20), gateway = CloudApp.GatewayId });
        var alert = await AlertAtAsync(1, "cap-river", 38.15, -0.25);

        var cap = await CapAsync(alert);

        var root = cap.Root!;
        Assert.Equal(alert.ToString(), root.Element(Cap + "identifier")!.Value);
        Assert.Equal(("Actual", "Alert", "Public"), (root.Element(Cap + "status")!.Value, root.Element(Cap + "msgType")!.Value, root.Element(Cap + "scope")!.Value));
        var info = root.Element(Cap + "info")!;
        Assert.Equal(("Met", "River flood", "Immediate", "Severe", "Observed"), (info.Element(Cap + "category")!.Value, info.Element(Cap + "event")!.Value,
            info.Element(Cap + "urgency")!.Value, info.Element(Cap + "severity")!.Value, info.Element(Cap + "certainty")!.Value));
        var area = info.Element(Cap + "area")!;
        Assert.Equal("Lower valley", area.Element(Cap + "areaDesc")!.Value);
        var polygon = area.Element(Cap + "polygon")!.Value.Split(' ');
        Assert.Equal(5, polygon.Length);
        Assert.Contains("-0.300000,38.100000", polygon); // latitude first, as CAP wants
        Assert.Contains("-0.200000,38.200000", polygon);
    }

    [Fact]
    public async Task Get_ClearedAlertOutsideZones_IsAnUpdateInThePastWithACircle()
    {
        var alert = await AlertAtAsync(10, "cap-lonely", 39.5, 1.5, state: "cleared");

        var cap = await CapAsync(alert);

        var root = cap.Root!;
        Assert.Equal("Update", root.Element(Cap + "msgType")!.Value);
        Assert.Equal(3, root.Element(Cap + "references")!.Value.Split(',').Length);
        var info = root.Element(Cap + "info")!;
        Assert.Equal("Past", info.Element(Cap + "urgency")!.Value);
        Assert.Equal("1.5,39.5 1.0", info.Element(Cap + "area")!.Element(Cap + "circle")!.Value);
    }

    [Fact]
    public async Task Get_MaintenanceAlertOrUnknown_IsNotFound()
    {
        var battery = await AlertAtAsync(20, "cap-battery", 37.1, -0.7, metric: "battery_v");
        using var client = await _app.CreateUserClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cap/{battery}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cap/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Feed_OfTheMunicipality_ListsItsHazardAlertsWithTheirCapLinks()
    {
        var hazard = await AlertAtAsync(30, "cap-feed-slope", 37.1, -0.7, metric: "displacement_mm");
        var maintenance = await AlertAtAsync(40, "cap-feed-battery", 37.1, -0.7, metric: "battery_v");
        var municipality = await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        using var client = await _app.CreateUserClientAsync();

        var response = await client.GetAsync($"/api/v1/municipalities/{municipality}/cap/feed");

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        var links = feed.Elements(atom + "entry").Select(e => e.Element(atom + "link")!.Attribute("href")!.Value).ToList();
        Assert.Contains(links, l => l.EndsWith($"/api/v1/cap/{hazard}", StringComparison.Ordinal));
        Assert.DoesNotContain(links, l => l.EndsWith($"/api/v1/cap/{maintenance}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/municipalities/{Guid.NewGuid()}/cap/feed")).StatusCode);
    }
}
