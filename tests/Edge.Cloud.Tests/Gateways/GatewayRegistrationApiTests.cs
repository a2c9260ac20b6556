using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Edge.Cloud.Tests.Gateways;

[Collection(CloudDatabaseCollection.Name)]
public sealed class GatewayRegistrationApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task<string> RegisterAsync(string id)
    {
        using var admin = await _app.CreateUserClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/gateways", new { id, name = "Village " + id, latitude = -0.7, longitude = 37.1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    [Fact]
    public async Task Register_Gateway_ItsKeyWorksOnceShownAndOnlyItsHashIsStored()
    {
        var key = await RegisterAsync("gw-reg-1");

        using var gateway = _app.CreateGatewayClient(key);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/v1/gateways/gw-reg-1/config")).StatusCode);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM gateways WHERE id = 'gw-reg-1' AND position(convert_to(@key, 'UTF8') in api_key_sha256) > 0", new { key }));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'gateway.register' AND target = 'gw-reg-1'"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE details::text LIKE '%' || @key || '%'", new { key }));
    }

    [Fact]
    public async Task RotateKey_OldKeyStopsAndNewKeyWorks()
    {
        var oldKey = await RegisterAsync("gw-reg-2");
        using var admin = await _app.CreateUserClientAsync();

        var response = await admin.PostAsync("/api/v1/gateways/gw-reg-2/key", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newKey = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString();
        using var withOld = _app.CreateGatewayClient(oldKey);
        using var withNew = _app.CreateGatewayClient(newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withOld.GetAsync("/api/v1/gateways/gw-reg-2/config")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/v1/gateways/gw-reg-2/config")).StatusCode);
    }

    [Fact]
    public async Task Register_TakenId_IsConflict()
    {
        using var admin = await _app.CreateUserClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/gateways", new { id = CloudApp.GatewayId });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Register_ByTechnician_IsForbidden()
    {
        await TestData.AddUserAsync(_app.ConnectionString, "reg-tech@x.local", "tech-password", "technician");
        using var technician = await _app.CreateUserClientAsync("reg-tech@x.local", "tech-password");

        var response = await technician.PostAsJsonAsync("/api/v1/gateways", new { id = "gw-by-tech" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
