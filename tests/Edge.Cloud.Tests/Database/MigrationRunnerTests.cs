using Dapper;
using Edge.Cloud.Database;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Edge.Cloud.Tests.Database;

[Collection(CloudDatabaseCollection.Name)]
public sealed class MigrationRunnerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Apply_Twice_IsIdempotentAndRecordsEveryMigration()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);

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
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate"));

        await Task.WhenAll(
            new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None),
            new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(Migration.LoadEmbedded().Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Apply_AfterAnAppliedMigrationWasEdited_RefusesToStart()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(CancellationToken.None);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ApplyAsync(CancellationToken.None));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }
}
