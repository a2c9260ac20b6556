using Edge.Testing;
using Npgsql;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>The throwaway servers every integration test relies on really start, serve and restart.</summary>
public sealed class ServerFixtureTests
{
    [Fact]
    public async Task MosquittoBroker_Started_DeliversBetweenIndependentClients()
    {
        await using var broker = new MosquittoBroker();
        await broker.InitializeAsync();
        await using var subscriber = ExternalProcess.Start("mosquitto_sub", ["-p", broker.Port.ToString(), "-t", "probe/#", "-C", "1", "-q", "1"]);
        await Task.Delay(300);

        await using var publisher = ExternalProcess.Start("mosquitto_pub", ["-p", broker.Port.ToString(), "-t", "probe/1", "-m", "hello", "-q", "1"]);

        Assert.Equal(0, await publisher.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await subscriber.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("hello", subscriber.Output, StringComparison.Ordinal);
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task PostgresServer_Started_HasPostGisAndSurvivesRestart()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            var connectionString = await server.CreateDatabaseAsync();
            Assert.StartsWith("3.", await ScalarAsync(connectionString, "SELECT postgis_lib_version()"), StringComparison.Ordinal);

            await server.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await server.StartAsync();

            Assert.Equal("1", await ScalarAsync(connectionString, "SELECT 1::text"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
