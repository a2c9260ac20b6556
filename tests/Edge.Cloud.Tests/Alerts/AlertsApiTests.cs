using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Cloud.Tests.Zones;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.Alerts;

/// <summary>The alert lifecycle as the control room uses it: list, history, acknowledge, resolve, comment, assign.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class AlertsApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private const string Password = "alerts-api-password";
    private readonly CloudApp _app = cloud.App;

    public async Task InitializeAsync()
    {
        await TestData.AddUserAsync(_app.ConnectionString, "operator@alerts.local", Password, "operator");
        await TestData.AddUserAsync(_app.ConnectionString, "viewer@alerts.local", Password, "viewer");
        await TestData.AddUserAsync(_app.ConnectionString, "technician@alerts.local", Password, "technician");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Acknowledge_ByOperator_RecordsWhoAndWhenOnceAndAudits()
    {
        await SendAsync(_app, EdgeAlert(100, "api-ack", "critical", "raised", 2.9, TestData.Now));
        var id = await AlertIdAsync(_app, "api-ack");
        using var client = await _app.CreateUserClientAsync("operator@alerts.local", Password);

        var alert = await JsonAsync(await client.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { comment = "on my way" }));
        var again = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { });

        Assert.Equal("acknowledged", alert.GetProperty("status").GetString());
        Assert.Equal("operator@alerts.local", alert.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var history = await JsonAsync(await client.GetAsync($"/api/v1/alerts/{id}"));
        var events = history.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("event").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("raised", "system"), ("acknowledged", "operator@alerts.local")], events);
        Assert.Equal("on my way", history.GetProperty("events")[1].GetProperty("comment").GetString());
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'alert.acknowledge' AND target = @target AND actor = 'operator@alerts.local'", new { target = id.ToString() }));
    }

    [Fact]
    public async Task Resolve_WithComment_EndsTheLifecycle()
    {
        await SendAsync(_app, EdgeAlert(110, "api-resolve", "warning", "raised", 2.6, TestData.Now));
        var id = await AlertIdAsync(_app, "api-resolve");
        using var client = await _app.CreateUserClientAsync("operator@alerts.local", Password);

        var alert = await JsonAsync(await client.PostAsJsonAsync($"/api/v1/alerts/{id}/resolve", new { comment = "gauge cleaned" }));
        var again = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/resolve", new { });
        var comment = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/comment", new { comment = "follow-up visit next week" });

        Assert.Equal(("resolved", "operator@alerts.local"), (alert.GetProperty("status").GetString(), alert.GetProperty("resolvedBy").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        var history = await JsonAsync(await client.GetAsync($"/api/v1/alerts/{id}"));
        Assert.Equal(["raised", "resolved", "commented"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Assign_ToAPersonOfTheMunicipality_IsRecordedAndAStrangerIsRefused()
    {
        await SendAsync(_app, EdgeAlert(120, "api-assign", "critical", "raised", 2.9, TestData.Now));
        var id = await AlertIdAsync(_app, "api-assign");
        using var client = await _app.CreateUserClientAsync("operator@alerts.local", Password);

        var alert = await JsonAsync(await client.PostAsJsonAsync($"/api/v1/alerts/{id}/assign", new { assignee = "technician@alerts.local" }));
        var stranger = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/assign", new { assignee = "nobody@elsewhere.local" });
        var emptyComment = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/comment", new { comment = " " });

        Assert.Equal("technician@alerts.local", alert.GetProperty("assignee").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyComment.StatusCode);
        Assert.Equal("technician@alerts.local", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT assignee FROM alerts WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData("viewer@alerts.local")]
    [InlineData("technician@alerts.local")]
    public async Task Acknowledge_ByReadOnlyRole_IsForbiddenAndChangesNothing(string email)
    {
        await SendAsync(_app, EdgeAlert(email.StartsWith('v') ? 130 : 131, "api-ro-" + email[0], "critical", "raised", 2.9, TestData.Now));
        var id = await AlertIdAsync(_app, "api-ro-" + email[0]);
        using var client = await _app.CreateUserClientAsync(email, Password);

        var response = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { });
        var read = await client.GetAsync($"/api/v1/alerts/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("open", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Get_UnknownAlert_IsNotFound()
    {
        using var client = await _app.CreateUserClientAsync("operator@alerts.local", Password);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/alerts/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/alerts/{Guid.NewGuid()}/ack", new { })).StatusCode);
    }

    [Fact]
    public async Task List_WithFilters_ReturnsOnlyMatchingAlertsNewestFirst()
    {
        await SendAsync(_app,
            EdgeAlert(140, "api-list-a", "critical", "raised", 2.9, TestData.Now.AddMinutes(1)),
            EdgeAlert(141, "api-list-b", "warning", "raised", 2.6, TestData.Now.AddMinutes(2)),
            EdgeAlert(142, "api-list-c", "warning", "raised", 3.2, TestData.Now.AddMinutes(3), rule: "battery_v<=3.3", metric: "battery_v", threshold: 3.3));
        using var client = await _app.CreateUserClientAsync("viewer@alerts.local", Password);

        async Task<List<string?>> DevicesAsync(string query) =>
            [.. (await JsonAsync(await client.GetAsync("/api/v1/alerts?" + query))).EnumerateArray()
                .Select(a => a.GetProperty("deviceId").GetString()).Where(d => d!.StartsWith("api-list-", StringComparison.Ordinal))];

        Assert.Equal(["api-list-c", "api-list-b", "api-list-a"], await DevicesAsync("status=open"));
        Assert.Equal(["api-list-a"], await DevicesAsync("severity=critical"));
        Assert.Equal(["api-list-c"], await DevicesAsync("category=maintenance"));
        Assert.Equal(["api-list-b"], await DevicesAsync("device=api-list-b"));
        Assert.Equal(["api-list-b"], await DevicesAsync($"from={Uri.EscapeDataString(TestData.Iso(TestData.Now.AddMinutes(2)))}&to={Uri.EscapeDataString(TestData.Iso(TestData.Now.AddMinutes(3)))}"));
        Assert.Empty(await DevicesAsync("status=resolved"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/alerts?status=closed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/alerts?limit=0")).StatusCode);
    }

    [Fact]
    public async Task List_ByZone_HasTheAlertsOfDevicesInside()
    {
        await SendAsync(_app, EdgeAlert(150, "api-zone-in", "critical", "raised", 2.9, TestData.Now));
        await TestData.ExecuteAsync(_app.ConnectionString, "UPDATE devices SET location = ST_SetSRID(ST_MakePoint(37.55, -0.52), 4326)::geography WHERE id = 'api-zone-in'");
        var zone = await TestData.ScalarAsync<Guid>(_app.ConnectionString, """
            INSERT INTO zones (tenant_id, name, kind, area, created_by, updated_by)
            SELECT tenant_id, 'alerts zone', 'flood', ST_Multi(ST_GeomFromGeoJSON(@area))::geography, 'test', 'test' FROM gateways WHERE id = @gateway
            RETURNING id
            """, new { area = GeoJson.Square(37.54, -0.53, 37.56, -0.51), gateway = CloudApp.GatewayId });
        using var client = await _app.CreateUserClientAsync("viewer@alerts.local", Password);

        var alerts = await JsonAsync(await client.GetAsync($"/api/v1/alerts?zone={zone}"));

        Assert.Equal(["api-zone-in"], alerts.EnumerateArray().Select(a => a.GetProperty("deviceId").GetString()));
    }

    [Fact]
    public async Task Acknowledge_MalformedOrOversizedInput_IsRefusedAndChangesNothing()
    {
        await SendAsync(_app, EdgeAlert(160, "api-bad-input", "critical", "raised", 2.9, TestData.Now));
        var id = await AlertIdAsync(_app, "api-bad-input");
        using var client = await _app.CreateUserClientAsync("operator@alerts.local", Password);

        var malformed = await client.PostAsync($"/api/v1/alerts/{id}/ack", new StringContent("{\"comment\":", System.Text.Encoding.UTF8, "application/json"));
        var oversized = await client.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { comment = new string('x', 2001) });
        var notAnId = await client.PostAsJsonAsync("/api/v1/alerts/not-a-guid/ack", new { });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal("open", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM alert_events WHERE alert_id = @id", new { id }));
    }
}
