using System.Globalization;
using Npgsql;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 + PostGIS cluster on a free loopback port, with PostgreSQL's default durability (fsync
/// and synchronous commit on, as a real cloud runs). PostgreSQL refuses to run as root, so as root it runs as the
/// 'postgres' user. Each cloud run gets a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string Superuser = "edge";
    private readonly string _directory;
    private int _databases;

    private PostgresCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int PostmasterId => int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private static bool Root => Environment.UserName == "root";

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL is missing in {Bin}: run bench/run-all.sh (it installs what the benchmarks drive)");
        }

        var directory = Directory.CreateTempSubdirectory("edge-gw-bench-postgres-").FullName;
        if (Root)
        {
            await ChildProcess.RunAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10), cancellationToken);
        }

        var cluster = new PostgresCluster(directory, Ports.Free());
        var data = Path.Combine(directory, "data");
        await cluster.ToolAsync("initdb", ["-D", data, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        await cluster.ToolAsync("pg_ctl", [
            "-D", data, "-w", "-t", "60", "-l", Path.Combine(directory, "postgres.log"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {cluster.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200"),
            "start",
        ], cancellationToken);
        return cluster;
    }

    /// <summary>Pooled, as the cloud runs in production; the bench's own one-off statements use unpooled connections.</summary>
    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = pooling,
    }.ConnectionString;

    /// <summary>A fresh database with PostGIS (the cloud runs its migrations into it at start).</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "bench_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(ConnectionString("postgres", pooling: false), $"CREATE DATABASE {name}", cancellationToken);
        var connectionString = ConnectionString(name);
        await ExecuteAsync(ConnectionString(name, pooling: false), "CREATE EXTENSION IF NOT EXISTS postgis", cancellationToken);
        return connectionString;
    }

    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync(ConnectionString("postgres", pooling: false), $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-w", "-m", "immediate", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task<string> ToolAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) => Root
        ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args], TimeSpan.FromMinutes(2), cancellationToken, _directory)
        : ChildProcess.RunAsync(Path.Combine(Bin, tool), args, TimeSpan.FromMinutes(2), cancellationToken, _directory);
}
