using System.Globalization;
using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>
/// One village: its own Mosquitto (with the repository's edge configuration) and its edge gateway as a separate process
/// with its own data folder, forwarding to the platform's cloud. The gateway can be killed, stopped and started again.
/// </summary>
public sealed class Village : IAsyncDisposable
{
    private readonly Uri _cloudUrl;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private ExternalProcess? _gateway;

    internal Village(string gatewayId, string gatewayKey, Uri cloudUrl, IReadOnlyDictionary<string, string?>? settings)
    {
        GatewayId = gatewayId;
        GatewayKey = gatewayKey;
        _cloudUrl = cloudUrl;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string GatewayId { get; }

    public string GatewayKey { get; }

    public MosquittoBroker Broker { get; } = MosquittoBroker.WithConfiguration(File.ReadAllLines(Path.Combine(RepoPaths.Root, "mosquitto", "edge-common.conf")));

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("edge-e2e-gateway-").FullName;

    public Uri GatewayUrl { get; } = new($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}/");

    public string JournalPath => Path.Combine(DataDirectory, "journal.db");

    public ExternalProcess Gateway => _gateway ?? throw new InvalidOperationException("the gateway is not running");

    internal async Task StartAsync()
    {
        await Broker.InitializeAsync();
        await StartGatewayAsync();
    }

    /// <summary>Starts the gateway, connected to the village broker directly or through <paramref name="broker"/> (a proxy).</summary>
    public async Task StartGatewayAsync(string? broker = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = GatewayUrl.ToString().TrimEnd('/'),
            ["Gateway__Id"] = GatewayId,
            ["Gateway__DataDirectory"] = DataDirectory,
            ["Mqtt__Broker"] = broker ?? Broker.Address,
            ["Mqtt__MinReconnectDelay"] = "00:00:00.200",
            ["Mqtt__MaxReconnectDelay"] = "00:00:02",
            ["Uplink__CloudUrl"] = _cloudUrl.ToString(),
            ["Uplink__ApiKey"] = GatewayKey,
            ["Uplink__MinBackoff"] = "00:00:00.500",
            ["Uplink__MaxBackoff"] = "00:00:02",
            ["ConfigSync__RefreshInterval"] = "00:00:05",
        };
        foreach (var (key, value) in _settings.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            environment[key] = value;
        }

        _gateway = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("edge-gateway", "Edge.Gateway"), [], "gateway " + GatewayId, environment);
        await Health.WaitAsync(_gateway, new Uri(GatewayUrl, "health"));
        await _gateway.WaitForLineAsync(line => line.Contains("Connected to the village broker", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: the gateway gets no chance to finish anything, as in a power cut.</summary>
    public Task KillGatewayAsync() => _gateway?.KillAsync() ?? Task.CompletedTask;

    public Task StopGatewayAsync() => _gateway?.StopAsync() ?? Task.CompletedTask;

    /// <summary>The gateway's <c>/health</c> answer.</summary>
    public async Task<System.Text.Json.JsonElement> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, new Uri(GatewayUrl, "health"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync(TimeSpan.FromSeconds(5));
            await _gateway.DisposeAsync();
        }

        await Broker.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
