using System.Globalization;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// The village gateway (<c>Edge.Gateway.dll</c>) as a process with its own data folder, connected to the village
/// broker and pointed at a cloud URL that may not be listening (then the uplink backs off and the journal fills).
/// Defaults are the gateway's own except where <see cref="GatewaySettings"/> says otherwise.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public Uri Url { get; }

    public string DataDirectory { get; }

    public string JournalPath => Path.Combine(DataDirectory, "journal.db");

    public ChildProcess Process => _process;

    public static async Task<GatewayProcess> StartAsync(string root, GatewaySettings settings, CancellationToken cancellationToken)
    {
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Ports.Free()}/"));
        var environment = new Dictionary<string, string?>
        {
            ["Urls"] = url.ToString().TrimEnd('/'),
            ["Gateway__Id"] = settings.GatewayId,
            ["Gateway__DataDirectory"] = settings.DataDirectory,
            ["Mqtt__Broker"] = settings.Broker,
            ["Uplink__CloudUrl"] = settings.CloudUrl.ToString(),
            ["Uplink__ApiKey"] = settings.ApiKey,
            ["Uplink__BatchSize"] = settings.BatchSize.ToString(CultureInfo.InvariantCulture),
            // A cloud that comes back is noticed within 2 s (the default ceiling is 60 s): the drain is timed from its first batch anyway.
            ["Uplink__MinBackoff"] = "00:00:00.500",
            ["Uplink__MaxBackoff"] = "00:00:02",
        };
        foreach (var (key, value) in settings.Extra)
        {
            environment[key] = value;
        }

        var process = Programs.StartDotnet("gateway", Programs.Gateway(root), environment);
        var gateway = new GatewayProcess(process, url, settings.DataDirectory);
        await Http.WaitHealthyAsync(new Uri(url, "health"), process, TimeSpan.FromSeconds(120), cancellationToken);
        await process.WaitForLineAsync(line => line.Contains("Connected to the village broker", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        return gateway;
    }

    /// <summary>The gateway's Prometheus counters and gauges (<c>/metrics</c>), by series name with labels.</summary>
    public async Task<Dictionary<string, double>> ScrapeAsync(CancellationToken cancellationToken)
    {
        var text = await Http.Client.GetStringAsync(new Uri(Url, "metrics"), cancellationToken);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.Length == 0 || line[0] == '#' || space < 0)
            {
                continue;
            }

            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return series;
    }

    public async Task<double> CounterAsync(string name, CancellationToken cancellationToken) =>
        (await ScrapeAsync(cancellationToken)).GetValueOrDefault(name);

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }
}

/// <summary>How the bench starts a gateway; <see cref="Extra"/> adds or overrides configuration keys.</summary>
internal sealed record GatewaySettings(string GatewayId, string DataDirectory, string Broker, Uri CloudUrl, string ApiKey)
{
    public int BatchSize { get; init; } = 1000;

    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();
}
