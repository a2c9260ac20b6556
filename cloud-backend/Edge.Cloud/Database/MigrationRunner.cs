using Dapper;

namespace Edge.Cloud.Database;

/// <summary>
/// Applies the embedded migrations in order, each in its own transaction, under an advisory lock so that two
/// backend instances starting together do not race. An applied migration whose text changed stops the start.
/// </summary>
internal sealed partial class MigrationRunner(DatabaseAdministration administration, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x4544_4745_4d49_4752; // "EDGEMIGR"

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer PRIMARY KEY,
            name        text NOT NULL,
            checksum    text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string SelectApplied = "SELECT version AS Version, name AS Name, checksum AS Checksum FROM schema_migrations";

    private const string InsertApplied = "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)";

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var migrations = Migration.LoadEmbedded();
        await using var connection = await administration.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistory, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(SelectApplied, cancellationToken: cancellationToken)))
                .ToDictionary(migration => migration.Version);
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var done))
                {
                    if (done.Checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"migration {migration.Name} was changed after it was applied; add a new migration instead");
                    }

                    continue;
                }

                LogApplying(migration.Name);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(InsertApplied, migration, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            LogUpToDate(migrations.Count == 0 ? 0 : migrations[^1].Version);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@AdvisoryLockKey)", new { AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private sealed record AppliedMigration(int Version, string Name, string Checksum);
}
