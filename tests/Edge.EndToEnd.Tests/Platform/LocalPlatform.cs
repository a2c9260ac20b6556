using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>
/// The whole platform as it runs on a machine: a village Mosquitto with the repository's edge configuration, a
/// PostgreSQL/PostGIS cluster, and the cloud backend and edge gateway as separate processes built from this
/// repository, on free loopback ports. One per test collection; each piece can be stopped, killed and started again.
/// </summary>
public sealed class LocalPlatform : IAsyncLifetime
{
    public const string GatewayId = "gw-e2e";
    public const string AdminEmail = "admin@e2e.local";

    private readonly PostgresServer _postgres = new();
    private readonly string _gatewayData = Directory.CreateTempSubdirectory("edge-e2e-gateway-").FullName;
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private ExternalProcess? _cloud;
    private ExternalProcess? _gateway;

    public MosquittoBroker Broker { get; } = MosquittoBroker.WithConfiguration(File.ReadAllLines(Path.Combine(RepoPaths.Root, "mosquitto", "edge-common.conf")));

    public string GatewayKey { get; } = "edge_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string AdminPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public string DatabaseConnectionString { get; private set; } = string.Empty;

    public Uri CloudUrl { get; } = new($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}/");

    public Uri GatewayUrl { get; } = new($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}/");

    public string JournalPath => Path.Combine(_gatewayData, "journal.db");

    public ExternalProcess Cloud => _cloud ?? throw new InvalidOperationException("the cloud is not running");

    public ExternalProcess Gateway => _gateway ?? throw new InvalidOperationException("the gateway is not running");

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Broker.InitializeAsync(), _postgres.InitializeAsync());
        DatabaseConnectionString = await _postgres.CreateDatabaseAsync("platform");
        await StartCloudAsync();
        await StartGatewayAsync();
    }

    public async Task StartCloudAsync()
    {
        _cloud = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("cloud-backend", "Edge.Cloud"), [], "cloud", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = CloudUrl.ToString().TrimEnd('/'),
            ["Database__ConnectionString"] = DatabaseConnectionString,
            ["Auth__SigningKey"] = _signingKey,
            ["Seed__Enabled"] = "true",
            ["Seed__GatewayId"] = GatewayId,
            ["Seed__GatewayApiKey"] = GatewayKey,
            ["Seed__AdminEmail"] = AdminEmail,
            ["Seed__AdminPassword"] = AdminPassword,
            ["Ingest__AutoRegisterUnknownDevices"] = "true",
        });
        await WaitHealthyAsync(_cloud, new Uri(CloudUrl, "api/v1/health"));
    }

    public Task StopCloudAsync() => _cloud?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Starts the gateway, connected to the village broker directly or through <paramref name="broker"/> (a proxy).</summary>
    public async Task StartGatewayAsync(string? broker = null)
    {
        _gateway = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("edge-gateway", "Edge.Gateway"), [], "gateway", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = GatewayUrl.ToString().TrimEnd('/'),
            ["Gateway__Id"] = GatewayId,
            ["Gateway__DataDirectory"] = _gatewayData,
            ["Mqtt__Broker"] = broker ?? Broker.Address,
            ["Mqtt__MinReconnectDelay"] = "00:00:00.200",
            ["Mqtt__MaxReconnectDelay"] = "00:00:02",
            ["Uplink__CloudUrl"] = CloudUrl.ToString(),
            ["Uplink__ApiKey"] = GatewayKey,
            ["Uplink__MinBackoff"] = "00:00:00.500",
            ["Uplink__MaxBackoff"] = "00:00:02",
        });
        await WaitHealthyAsync(_gateway, new Uri(GatewayUrl, "health"));
        await _gateway.WaitForLineAsync(line => line.Contains("Connected to the village broker", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: the gateway gets no chance to finish anything, as in a power cut.</summary>
    public Task KillGatewayAsync() => _gateway?.KillAsync() ?? Task.CompletedTask;

    public async Task<string> LoginAsync()
    {
        using var http = new HttpClient { BaseAddress = CloudUrl };
        var response = await http.PostAsJsonAsync("api/v1/auth/login", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _gateway, _cloud })
        {
            if (process is not null)
            {
                await process.StopAsync(TimeSpan.FromSeconds(5));
                await process.DisposeAsync();
            }
        }

        await Broker.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_gatewayData, recursive: true);
    }

    private static async Task WaitHealthyAsync(ExternalProcess process, Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode}:\n{process.Output}");
            }

            try
            {
                if ((await http.GetAsync(health)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{process.Name} not healthy at {health} within 60 s:\n{process.Output}");
    }

    private sealed record LoginResult(string AccessToken);
}

[CollectionDefinition(Name)]
public sealed class LocalPlatformCollection : ICollectionFixture<LocalPlatform>
{
    public const string Name = "local platform";
}
