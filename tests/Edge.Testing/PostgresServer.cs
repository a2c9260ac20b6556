using System.Globalization;
using Npgsql;

namespace Edge.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 cluster with PostGIS on a free loopback port, in its own data folder, torn down after.
/// PostgreSQL refuses to run as root, so when the tests run as root the cluster runs as the 'postgres' user.
/// Durability settings are relaxed (fsync off): tests measure behaviour, not the disk.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Superuser = "edge";
    private static readonly string BinDirectory = Environment.GetEnvironmentVariable("EDGE_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-postgres-").FullName;
    private int _databaseCounter;

    public int Port { get; private set; }

    /// <summary>Keep PostgreSQL's durability settings (fsync, synchronous commit, full pages) as shipped: for benchmarks.</summary>
    public bool Durable { get; init; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool RunningAsRoot => Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL is missing in {BinDirectory}: run scripts/install-deps.sh (the test command does).");
        }

        Port = FreeTcpPort.Next();
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _directory]);
        }

        await RunPostgresToolAsync("initdb", ["-D", DataDirectory, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]);
        await StartAsync();
    }

    public Task StartAsync() => RunPostgresToolAsync("pg_ctl", [
        "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_directory, "postgres.log"),
        "-o", string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300"),
        .. Durable ? Array.Empty<string>() : ["-o", "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"],
        "start",
    ]);

    public Task StopAsync(bool immediate = false) =>
        RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-w", "-m", immediate ? "immediate" : "fast", "stop"]);

    /// <summary>A connection string to <paramref name="database"/>, as the superuser or as <paramref name="username"/> (trust authentication).</summary>
    public string ConnectionString(string database, string username = Superuser) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = username,
        Database = database,
        Pooling = true,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Creates a fresh database with PostGIS and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{prefix ?? "edge"}_{Interlocked.Increment(ref _databaseCounter)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = ConnectionString(name);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection);
            await extension.ExecuteNonQueryAsync();
        }

        return connectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync(immediate: true);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return RunningAsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        await using var process = ExternalProcess.Start(fileName, arguments, workingDirectory: _directory);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        if (exitCode != 0)
        {
            var log = Path.Combine(_directory, "postgres.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({exitCode}):\n{process.Output}\n{serverLog}");
        }
    }
}
