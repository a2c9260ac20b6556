using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Edge.Cloud.Auth;
using Edge.Testing;
using Npgsql;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>
/// The whole platform as it runs on machines: a PostgreSQL/PostGIS cluster and the cloud backend as a separate process,
/// and villages (each a Mosquitto and an edge gateway process) forwarding to it, all built from this repository and on
/// free loopback ports. One per test collection; each piece can be stopped, killed and started again. The default
/// village (<see cref="Broker"/>, <see cref="GatewayId"/>) is the development seed's gateway.
/// </summary>
public sealed class LocalPlatform : IAsyncLifetime
{
    public const string GatewayId = "gw-e2e";
    public const string AdminEmail = "admin@e2e.local";

    private readonly PostgresServer _postgres = new();
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<Village> _villages = [];
    private ExternalProcess? _cloud;

    public string AdminPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The cloud database as its owner (a superuser here): the tests' ground truth sees every municipality.</summary>
    public string DatabaseConnectionString { get; private set; } = string.Empty;

    public Uri CloudUrl { get; } = new($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}/");

    public Village Village { get; private set; } = null!;

    public MosquittoBroker Broker => Village.Broker;

    public string JournalPath => Village.JournalPath;

    public ExternalProcess Cloud => _cloud ?? throw new InvalidOperationException("the cloud is not running");

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        DatabaseConnectionString = await _postgres.CreateDatabaseAsync("platform");
        Village = new Village(GatewayId, ApiKeys.Generate(), CloudUrl, null);
        _villages.Add(Village);
        await StartCloudAsync();
        await Village.StartAsync();
    }

    /// <summary>A further village in the development municipality, its gateway registered in the cloud and started with extra settings.</summary>
    public async Task<Village> AddVillageAsync(string gatewayId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var village = new Village(gatewayId, ApiKeys.Generate(), CloudUrl, settings);
        await using (var connection = new NpgsqlConnection(DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var register = new NpgsqlCommand("""
                INSERT INTO gateways (id, tenant_id, name, api_key_sha256, location)
                SELECT @id, tenant_id, @id, @hash, location FROM gateways WHERE id = @seeded
                """, connection);
            register.Parameters.AddWithValue("id", gatewayId);
            register.Parameters.AddWithValue("hash", ApiKeys.Hash(village.GatewayKey));
            register.Parameters.AddWithValue("seeded", GatewayId);
            await register.ExecuteNonQueryAsync();
        }

        _villages.Add(village);
        await village.StartAsync();
        return village;
    }

    public async Task StartCloudAsync()
    {
        _cloud = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("cloud-backend", "Edge.Cloud"), [], "cloud", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = CloudUrl.ToString().TrimEnd('/'),
            ["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(DatabaseConnectionString) { Username = "edge_app" }.ConnectionString,
            ["Database__MigrationConnectionString"] = DatabaseConnectionString,
            ["Auth__SigningKey"] = _signingKey,
            ["Seed__Enabled"] = "true",
            ["Seed__GatewayId"] = GatewayId,
            ["Seed__GatewayApiKey"] = Village.GatewayKey,
            ["Seed__AdminEmail"] = AdminEmail,
            ["Seed__AdminPassword"] = AdminPassword,
            ["Ingest__AutoRegisterUnknownDevices"] = "true",
        });
        await Health.WaitAsync(_cloud, new Uri(CloudUrl, "api/v1/health"));
    }

    public Task StopCloudAsync() => _cloud?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Starts the default village's gateway, connected directly or through <paramref name="broker"/> (a proxy).</summary>
    public Task StartGatewayAsync(string? broker = null) => Village.StartGatewayAsync(broker);

    /// <summary>SIGKILL of the default village's gateway, as in a power cut.</summary>
    public Task KillGatewayAsync() => Village.KillGatewayAsync();

    public async Task<string> LoginAsync()
    {
        using var http = new HttpClient { BaseAddress = CloudUrl };
        var response = await http.PostAsJsonAsync("api/v1/auth/login", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
    }

    public async Task DisposeAsync()
    {
        foreach (var village in _villages)
        {
            await village.DisposeAsync();
        }

        if (_cloud is not null)
        {
            await _cloud.StopAsync(TimeSpan.FromSeconds(5));
            await _cloud.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    private sealed record LoginResult(string AccessToken);
}

[CollectionDefinition(Name)]
public sealed class LocalPlatformCollection : ICollectionFixture<LocalPlatform>
{
    public const string Name = "local platform";
}
