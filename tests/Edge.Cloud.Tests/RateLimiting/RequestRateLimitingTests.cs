using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Testing;

namespace Edge.Cloud.Tests.RateLimiting;

/// <summary>A cloud allowing three requests per key and per person per minute.</summary>
public sealed class StrictRateLimitCloudFixture(PostgresServer postgres) : CloudAppFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:ApiKeyPermitLimit"] = "3",
        ["RateLimits:UserPermitLimit"] = "3",
        ["RateLimits:Window"] = "00:01:00",
    };
}

[Collection(CloudDatabaseCollection.Name)]
public sealed class RequestRateLimitingTests(StrictRateLimitCloudFixture cloud) : IClassFixture<StrictRateLimitCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(429, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ApiKey_OverItsLimit_Is429WithRetryAfterAndOtherKeysAreUnaffected()
    {
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "rate-other", "gw-rate-other", "rate-other@x.local", "other-password");
        using var gateway = _app.CreateGatewayClient();
        using var other = _app.CreateGatewayClient(otherKey);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config")).StatusCode);
        }

        await AssertTooManyAsync(await gateway.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/gateways/gw-rate-other/config")).StatusCode);
    }

    [Fact]
    public async Task User_OverTheLimit_Is429AndAnotherUserIsUnaffected()
    {
        await TestData.AddUserAsync(_app.ConnectionString, "rate-a@x.local", "rate-password", "viewer");
        await TestData.AddUserAsync(_app.ConnectionString, "rate-b@x.local", "rate-password", "viewer");
        using var first = await _app.CreateUserClientAsync("rate-a@x.local", "rate-password");
        using var second = await _app.CreateUserClientAsync("rate-b@x.local", "rate-password");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/devices")).StatusCode);
        }

        await AssertTooManyAsync(await first.GetAsync("/api/v1/devices"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/devices")).StatusCode);
    }
}
