using System.Net;
using System.Net.Http.Json;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Gateways;

[Collection(CloudDatabaseCollection.Name)]
public sealed class GatewayConfigApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task ProvisionAsync()
    {
        using var gateway = _app.CreateGatewayClient();
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 1, "cfg-rl-1", TestData.Now, ("water_level_m", 1))),
            TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO rules (tenant_id, definition) SELECT tenant_id, '{"id":"river-high","metric":"water_level_m"}'::jsonb FROM gateways WHERE id = @gateway
                AND NOT EXISTS (SELECT 1 FROM rules)
            """, new { gateway = CloudApp.GatewayId });
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO alarm_contacts (tenant_id, gateway_id, name, phone) SELECT tenant_id, id, 'Chief', '+254700000001' FROM gateways WHERE id = @gateway
                AND NOT EXISTS (SELECT 1 FROM alarm_contacts)
            """, new { gateway = CloudApp.GatewayId });
    }

    [Fact]
    public async Task Get_OwnConfig_HasDevicesRulesAndContactsWithETag()
    {
        await ProvisionAsync();
        using var gateway = _app.CreateGatewayClient();

        var response = await gateway.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var config = (await response.Content.ReadFromJsonAsync(TelemetryJson.Default.GatewayConfig))!;
        Assert.Contains(config.Devices, d => d.Id == "cfg-rl-1" && d.Kind == "river_level");
        Assert.Equal("river-high", Assert.Single(config.Rules).GetProperty("id").GetString());
        Assert.Equal("+254700000001", Assert.Single(config.AlarmContacts).Phone);
    }

    [Fact]
    public async Task Get_DeviceWithSmsNumbersAndReportInterval_GatewayGetsThem()
    {
        await ProvisionAsync();
        await TestData.ExecuteAsync(_app.ConnectionString,
            "UPDATE devices SET sms_numbers = '{+254700000001}', report_interval_s = 300 WHERE id = 'cfg-rl-1'", new { });
        using var gateway = _app.CreateGatewayClient();

        var config = (await gateway.GetFromJsonAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config", TelemetryJson.Default.GatewayConfig))!;

        var device = Assert.Single(config.Devices, d => d.Id == "cfg-rl-1");
        Assert.Equal(["+254700000001"], device.SmsNumbers);
        Assert.Equal(300, device.ReportIntervalS);
    }

    [Fact]
    public async Task UpdateDevice_SmsNumberNotE164_RefusedByTheDatabase()
    {
        await ProvisionAsync();

        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => TestData.ExecuteAsync(_app.ConnectionString,
            "UPDATE devices SET sms_numbers = '{0700000001}' WHERE id = 'cfg-rl-1'", new { }));
    }

    [Fact]
    public async Task Get_WithCurrentETag_Is304()
    {
        await ProvisionAsync();
        using var gateway = _app.CreateGatewayClient();
        var first = await gateway.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/gateways/{CloudApp.GatewayId}/config");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Get_AnotherGatewaysConfig_Is403()
    {
        using var gateway = _app.CreateGatewayClient();

        var response = await gateway.GetAsync("/api/v1/gateways/gw-someone-else/config");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithoutKey_Is401()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
