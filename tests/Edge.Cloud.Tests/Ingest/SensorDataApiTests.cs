using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Edge.Cloud.Tests.Ingest;

[Collection(CloudDatabaseCollection.Name)]
public sealed class SensorDataApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    /// <summary>A device without a gateway, and its API key.</summary>
    private async Task<string> ProvisionAsync(string deviceId)
    {
        using var admin = await _app.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/devices", new { id = deviceId, kind = "rain_gauge", latitude = -0.7, longitude = 37.1 })).StatusCode);
        var response = await admin.PostAsync($"/api/v1/devices/{deviceId}/api-key", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(string? key, string json)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sensor-data") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Send_WithDeviceKey_StoresReadingsWithDistinctCloudIds()
    {
        var key = await ProvisionAsync("gprs-1");

        var first = await SendAsync(key, $$$"""{"ts":"{{{TestData.Iso(TestData.Now)}}}","seq":1,"values":{"rain_mm":0.4,"battery_v":3.6}}""");
        var second = await SendAsync(key, """{"rain_mm":1.2}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.NotEqual(firstId, secondId);
        Assert.StartsWith("@direct:", firstId, StringComparison.Ordinal);
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'gprs-1' AND source = 'http'"));
        Assert.Equal(0.4, await TestData.ScalarAsync<double>(_app.ConnectionString, "SELECT (\"values\"->>'rain_mm')::float8 FROM readings WHERE id = @firstId", new { firstId }));
        Assert.Equal(secondId, await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT reading_id FROM device_latest WHERE device_id = 'gprs-1'"));
    }

    [Fact]
    public async Task Send_WithoutOrWithWrongOrGatewayKey_IsUnauthorized()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(null, """{"rain_mm":1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("edge_nonsense", """{"rain_mm":1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(_app.GatewayKey, """{"rain_mm":1}""")).StatusCode);
    }

    [Fact]
    public async Task Send_ValueOutOfRange_IsRefusedWithReasonAndDeadLettered()
    {
        var key = await ProvisionAsync("gprs-range");

        var response = await SendAsync(key, """{"rain_mm":900}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("rain_mm", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM dead_letters WHERE device_id = 'gprs-range'"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'gprs-range'"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"values":{}}""")]
    [InlineData("""{"rain_mm":"lots"}""")]
    public async Task Send_MalformedBody_IsBadRequest(string body)
    {
        var key = await ProvisionAsync("gprs-bad-" + Math.Abs(body.GetHashCode(StringComparison.Ordinal)));

        var response = await SendAsync(key, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Send_AfterRotationOrRetirement_OldKeyIsUnauthorized()
    {
        var key = await ProvisionAsync("gprs-rot");
        using var admin = await _app.CreateUserClientAsync();
        var rotated = (await (await admin.PostAsync("/api/v1/devices/gprs-rot/api-key", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(key, """{"rain_mm":1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(rotated, """{"rain_mm":1}""")).StatusCode);
        await admin.DeleteAsync("/api/v1/devices/gprs-rot");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(rotated, """{"rain_mm":1}""")).StatusCode);
    }
}
