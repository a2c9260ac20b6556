using System.Net;
using System.Net.Http.Json;
using Edge.Testing;

namespace Edge.Cloud.Tests.RateLimiting;

/// <summary>A cloud allowing five login attempts per client address per minute.</summary>
public sealed class LoginRateLimitCloudFixture(PostgresServer postgres) : CloudAppFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:LoginPermitLimit"] = "5",
        ["RateLimits:Window"] = "00:01:00",
    };
}

[Collection(CloudDatabaseCollection.Name)]
public sealed class LoginRateLimitingTests(LoginRateLimitCloudFixture cloud) : IClassFixture<LoginRateLimitCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    [Fact]
    public async Task Login_AttemptsOverTheAddressLimit_Are429EvenWithTheRightPasswordAndLoggedInUsersGoOn()
    {
        await TestData.AddUserAsync(_app.ConnectionString, "rate-login@x.local", "login-password", "viewer");
        using var signedIn = await _app.CreateUserClientAsync("rate-login@x.local", "login-password");
        using var anonymous = _app.CreateClient();

        // The login above took one of the five; four guesses at other accounts take the rest, then even the right
        // password has to wait: one address cannot try account after account.
        for (var i = 0; i < 4; i++)
        {
            var guess = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody{i}@x.local", password = "guess" });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "rate-login@x.local", password = "login-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);

        // Requests of a person already signed in are limited per person, not by the login limit.
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/devices")).StatusCode);
    }
}
