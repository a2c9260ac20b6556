using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Edge.Testing;
using Npgsql;

namespace Edge.Cloud.Bench;

/// <summary>
/// A throwaway PostgreSQL (durability settings as shipped: fsync and synchronous_commit on) and the cloud backend as
/// its own process on free loopback ports, with one municipality, its gateways (each with a key) and their devices.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    public const string SeriesDevice = "bench-series";
    private const string AdminEmail = "bench@bench.local";

    private readonly PostgresServer _postgres;
    private readonly ExternalProcess _backend;

    private BenchEnvironment(PostgresServer postgres, ExternalProcess backend, string database, Uri baseAddress, IReadOnlyList<BenchGateway> gateways, string adminPassword)
    {
        _postgres = postgres;
        _backend = backend;
        Database = database;
        BaseAddress = baseAddress;
        Gateways = gateways;
        AdminPassword = adminPassword;
    }

    /// <summary>The database as its owner (a superuser: row-level security does not apply).</summary>
    public string Database { get; }

    public Uri BaseAddress { get; }

    public IReadOnlyList<BenchGateway> Gateways { get; }

    public string AdminPassword { get; }

    public static string Admin => AdminEmail;

    public int PostgresPort => _postgres.Port;

    public static async Task<BenchEnvironment> StartAsync(CloudBenchArguments arguments)
    {
        var postgres = new PostgresServer { Durable = true };
        await postgres.InitializeAsync();
        var database = await postgres.CreateDatabaseAsync("bench");
        var keys = Enumerable.Range(0, arguments.Gateways).Select(_ => "edge_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).ToArray();
        var adminPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var port = FreeTcpPort.Next();
        var backend = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("cloud-backend", "Edge.Cloud"), [], "cloud", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // for the seed (municipality, first gateway, admin)
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(database) { Username = "edge_app" }.ConnectionString,
            ["Database__MigrationConnectionString"] = database,
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Seed__Enabled"] = "true",
            ["Seed__GatewayId"] = "gw-bench-0",
            ["Seed__GatewayApiKey"] = keys[0],
            ["Seed__AdminEmail"] = AdminEmail,
            ["Seed__AdminPassword"] = adminPassword,
        });
        await FreeTcpPort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(120), () => backend.Output);
        var gateways = await AddGatewaysAndDevicesAsync(database, keys, arguments.Devices);
        return new BenchEnvironment(postgres, backend, database, new Uri($"http://127.0.0.1:{port}"), gateways, adminPassword);
    }

    private static async Task<IReadOnlyList<BenchGateway>> AddGatewaysAndDevicesAsync(string database, string[] keys, int devices)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var gateways = new List<BenchGateway>();
        for (var g = 0; g < keys.Length; g++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"gw-bench-{g}");
            var deviceIds = Enumerable.Range(0, devices).Where(d => d % keys.Length == g).Select(d => string.Create(CultureInfo.InvariantCulture, $"bench-d{d:00000}")).ToArray();
            await using var command = new NpgsqlCommand("""
                INSERT INTO gateways (id, tenant_id, name, api_key_sha256)
                SELECT @id, tenant_id, @id, @hash FROM gateways WHERE id = 'gw-bench-0' ON CONFLICT (id) DO NOTHING;
                INSERT INTO devices (id, tenant_id, gateway_id, kind, name)
                SELECT d, tenant_id, @id, 'river_level', d FROM gateways, unnest(@devices) AS d WHERE gateways.id = @id;
                """, connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("hash", SHA256.HashData(Encoding.UTF8.GetBytes(keys[g])));
            command.Parameters.AddWithValue("devices", g == 0 ? [.. deviceIds, SeriesDevice] : deviceIds);
            await command.ExecuteNonQueryAsync();
            gateways.Add(new BenchGateway(id, keys[g], deviceIds));
        }

        return gateways;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

/// <summary>A gateway of the bench: its id, key and devices.</summary>
internal sealed record BenchGateway(string Id, string Key, IReadOnlyList<string> Devices);
