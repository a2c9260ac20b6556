using System.Globalization;
using System.Security.Cryptography;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;
using Edge.Gateway.Bench.Scenarios;

namespace Edge.Gateway.Bench;

/// <summary>What every scenario shares: the repository, the village broker, PostgreSQL, the arguments, the report.</summary>
internal sealed class BenchContext(string root, VillageBroker broker, BenchArguments arguments, BenchReport report, string workDirectory) : IAsyncDisposable
{
    public const string GatewayId = "gw-bench";

    private PostgresCluster? _postgres;
    private int _sessions;

    private BacklogSnapshot? _backlog;

    public string Root { get; } = root;

    public VillageBroker Broker { get; } = broker;

    public BenchArguments Arguments { get; } = arguments;

    public BenchReport Report { get; } = report;

    /// <summary>Data folders, snapshots and the like; deleted at the end.</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>The bench gateway's API key in every cloud it starts.</summary>
    public string ApiKey { get; } = "edge_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static double LoadAverage() => File.Exists("/proc/loadavg")
        && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    public static void Log(string message) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {message}"));

    /// <summary>The PostgreSQL cluster, started on first use.</summary>
    public async Task<PostgresCluster> PostgresAsync(CancellationToken cancellationToken) => _postgres ??= await PostgresCluster.StartAsync(cancellationToken);

    /// <summary>The drain's backlog (built on first use, shared by the drain and alert runs).</summary>
    public async Task<BacklogSnapshot> BacklogAsync(CancellationToken cancellationToken) =>
        _backlog ??= await BacklogSnapshot.BuildAsync(this, Arguments.Backlog, cancellationToken);

    /// <summary>A fresh, empty data folder for a gateway.</summary>
    public string NewDataDirectory(string name) => Directory.CreateDirectory(Path.Combine(WorkDirectory, name + "-" + Interlocked.Increment(ref _sessions).ToString(CultureInfo.InvariantCulture))).FullName;

    /// <summary>
    /// Starts a cloud in a fresh database on <paramref name="url"/> (a new free port when null), seeded with the bench's
    /// gateway and key, and with <paramref name="rulesJson"/> (rule definitions, if any) as its municipality's rules.
    /// </summary>
    public async Task<CloudProcess> StartCloudAsync(Uri? url, CancellationToken cancellationToken, params string[] rulesJson)
    {
        var postgres = await PostgresAsync(cancellationToken);
        var database = await postgres.CreateDatabaseAsync(cancellationToken);
        var cloud = await CloudProcess.StartAsync(Root, url ?? CloudProcess.FreeUrl(), database, GatewayId, ApiKey, cancellationToken);
        foreach (var rule in rulesJson)
        {
            await PostgresCluster.ExecuteAsync(database,
                $"INSERT INTO rules (tenant_id, definition) SELECT tenant_id, '{rule.Replace("'", "''", StringComparison.Ordinal)}'::jsonb FROM gateways WHERE id = '{GatewayId}'",
                cancellationToken);
        }

        return cloud;
    }

    /// <summary>Stops a cloud and drops its database (the next run starts from an empty one).</summary>
    public async Task DisposeCloudAsync(CloudProcess cloud)
    {
        await cloud.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DropDatabaseAsync(cloud.ConnectionString, CancellationToken.None);
        }
    }

    public GatewaySettings Gateway(string dataDirectory, Uri cloudUrl) => new(GatewayId, dataDirectory, Broker.Address, cloudUrl, ApiKey);

    /// <summary>A result with the load range read around its runs.</summary>
    public void Add(TargetResult result)
    {
        Report.Targets.Add(result);
        Log($"RESULT {result.Scenario}: {result.What} = {ReportWriter.Number(result.Figure)} {result.Unit}"
            + (result.YardstickFigure is { } y ? $" vs {ReportWriter.Number(y)} ({result.Yardstick}), ratio {result.Ratio?.ToString("F2", CultureInfo.InvariantCulture)}" : string.Empty)
            + $"; target {result.Target}: {(result.Met switch { true => "met", false => "NOT met", null => "-" })}");
    }

    public void Add(Figure figure)
    {
        Report.Figures.Add(figure);
        Log($"FIGURE {figure.Scenario}: {figure.Name} = {ReportWriter.Number(figure.Value)} {figure.Unit} {figure.Note}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }
}
