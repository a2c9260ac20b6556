using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Edge.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Edge.Cloud.Tests;

/// <summary>
/// The cloud backend in-process on its own fresh database, with the development seed (municipality, gateway, admin)
/// made from random credentials.
/// </summary>
public sealed class CloudApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private CloudApp(string connectionString, IReadOnlyDictionary<string, string?>? settings)
    {
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Username = "edge_app" }.ConnectionString,
            ["Database:MigrationConnectionString"] = connectionString,
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Seed:Enabled"] = "true",
            ["Seed:GatewayId"] = GatewayId,
            ["Seed:GatewayApiKey"] = GatewayKey,
            ["Seed:AdminEmail"] = AdminEmail,
            ["Seed:AdminPassword"] = AdminPassword,

            // Every test logs in from the same (test server) address; the login limit has its own test.
            ["RateLimits:LoginPermitLimit"] = "1000000",

            // Scheduled maintenance would move readings between partitions under the tests' feet; the storage tests turn it on.
            ["Storage:SchedulerEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public const string GatewayId = "gw-test";
    public const string AdminEmail = "admin@test.local";

    public string GatewayKey { get; } = "edge_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string AdminPassword { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));

    /// <summary>The database as its owner (a superuser here: row-level security does not hide anything from the tests' own checks).</summary>
    public string ConnectionString { get; }

    public static async Task<CloudApp> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new CloudApp(await postgres.CreateDatabaseAsync("cloud"), settings);
        _ = app.Server; // builds the host: migrations and seed run now
        return app;
    }

    /// <summary>A client authenticated as the seeded gateway.</summary>
    public HttpClient CreateGatewayClient(string? key = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key ?? GatewayKey);
        return client;
    }

    /// <summary>A client logged in as a person (the seeded admin unless told otherwise).</summary>
    public async Task<HttpClient> CreateUserClientAsync(string? email = null, string? password = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(email ?? AdminEmail, password ?? AdminPassword));
        return client;
    }

    public async Task<string> LoginAsync(string email, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<LoginBody>();
        return body!.AccessToken;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private sealed record LoginBody(string AccessToken);
}
