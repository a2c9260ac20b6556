using Dapper;
using Edge.Cloud.Database;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Edge.Cloud.Tests.Database;

[Collection(CloudDatabaseCollection.Name)]
public sealed class MigrationRunnerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Apply_Twice_IsIdempotentAndRecordsEveryMigration()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrate");
        await using var administration = Administration(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(administration, NullLogger<MigrationRunner>.Instance);

        await runner.ApplyAsync(CancellationToken.None);
        await runner.ApplyAsync(CancellationToken.None);

        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(Migration.LoadEmbedded().Select(m => m.Version), versions);
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('public.readings') IS NOT NULL"));
    }

    [Fact]
    public async Task Apply_ConcurrentlyFromTwoInstances_AppliesEachMigrationOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrate");
        await using var first = Administration(connectionString);
        await using var second = Administration(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(
            new MigrationRunner(first, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None),
            new MigrationRunner(second, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(Migration.LoadEmbedded().Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Apply_AfterAnAppliedMigrationWasEdited_RefusesToStart()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrate");
        await using var administration = Administration(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(administration, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(CancellationToken.None);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ApplyAsync(CancellationToken.None));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    private static DatabaseAdministration Administration(string connectionString) =>
        new(Options.Create(new DatabaseOptions { ConnectionString = connectionString }), NullLoggerFactory.Instance);
}
