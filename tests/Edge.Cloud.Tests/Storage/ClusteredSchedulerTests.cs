using System.Security.Cryptography;
using Edge.Testing;
using Npgsql;

namespace Edge.Cloud.Tests.Storage;

/// <summary>Two backend processes on one database run each firing of a scheduled job once, between them.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class ClusteredSchedulerTests(PostgresServer postgres)
{
    private static ExternalProcess StartBackend(string connectionString, string signingKey, string name)
    {
        var port = FreeTcpPort.Next();
        return ExternalProcess.StartDotnet(RepoPaths.ProgramDll("cloud-backend", "Edge.Cloud"), [], name, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(connectionString) { Username = "edge_app" }.ConnectionString,
            ["Database__MigrationConnectionString"] = connectionString,
            ["Auth__SigningKey"] = signingKey,
            ["Storage__PartitionJobInterval"] = "00:00:01",
            ["Storage__ClusterCheckinInterval"] = "00:00:02",
        });
    }

    [Fact]
    public async Task TwoInstances_RunEachFiringOfTheJobOnce()
    {
        var database = await postgres.CreateDatabaseAsync("cluster");
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = StartBackend(database, signingKey, "cloud-a");
        await first.WaitForLineAsync(line => line.Contains("Clustered scheduler started", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await using var second = StartBackend(database, signingKey, "cloud-b");
        await second.WaitForLineAsync(line => line.Contains("Clustered scheduler started", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var runsBefore = await TestData.ScalarAsync<long>(database, "SELECT count(*) FROM maintenance.job_runs WHERE job = 'readings-partitions'");

        await Eventually.HoldsAsync(
            () => TestData.ScalarAsync<long>(database, "SELECT count(*) FROM maintenance.job_runs WHERE job = 'readings-partitions'"),
            runs => runs >= runsBefore + 6, TimeSpan.FromSeconds(60), "partition job runs while both instances are up");

        var (runs, firings) = await ReadRunsAsync(database);
        Assert.Equal(firings, runs);
        Assert.Equal(2, await TestData.ScalarAsync<long>(database, "SELECT count(*) FROM quartz.qrtz_scheduler_state"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(database, "SELECT count(*) FROM maintenance.job_runs WHERE outcome LIKE 'failed%'"));
    }

    private static async Task<(long Runs, long Firings)> ReadRunsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT scheduled_fire_time) FROM maintenance.job_runs WHERE job = 'readings-partitions'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
