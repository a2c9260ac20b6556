using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Edge.Cloud.Tests.Auth;

[Collection(CloudDatabaseCollection.Name)]
public sealed class LoginApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    [Fact]
    public async Task Login_RightPassword_ReturnsTokenRoleAndMunicipality()
    {
        using var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = CloudApp.AdminEmail, password = _app.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.Equal("admin", body.GetProperty("role").GetString());
        Assert.Equal("dev-town", body.GetProperty("tenant").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Login_WrongPassword_Is401Problem()
    {
        using var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = CloudApp.AdminEmail, password = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_RepeatedFailures_LockTheAccountEvenForTheRightPassword()
    {
        await TestData.AddMunicipalityAsync(_app.ConnectionString, "lock-town", "gw-lock", "victim@lock.local", "right-password");
        using var client = _app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "victim@lock.local", password = "guess" + i });
        }

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "victim@lock.local", password = "right-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_WithoutToken_Is401()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/api/v1/devices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_WithoutToken_ReportsTheDatabase()
    {
        using var client = _app.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Contains("PostGIS 3.", body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutToken_ArePrometheusText()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
