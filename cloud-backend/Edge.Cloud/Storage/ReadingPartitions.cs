using Dapper;
using Npgsql;

namespace Edge.Cloud.Storage;

/// <summary>The weekly partitions of readings (sql/0006_readings_partitioned.sql), made and dropped as the table's owner.</summary>
internal static class ReadingPartitions
{
    private const string Ensure = "SELECT readings_ensure_partitions(@Now, @WeeksAhead, @OlderThan)";

    private const string DropOlder = "SELECT readings_drop_older_than(@Cutoff)";

    /// <summary>Makes this week's partition, the next ones and those of weeks waiting in the default partition; returns the new ones.</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(
        NpgsqlDataSource owner, DateTimeOffset now, int weeksAhead, DateTimeOffset? olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(Ensure, new { Now = now, WeeksAhead = weeksAhead, OlderThan = olderThan }, cancellationToken: cancellationToken))];
    }

    /// <summary>Drops the partitions wholly older than <paramref name="cutoff"/> (and older default rows); returns the dropped ones.</summary>
    public static async Task<IReadOnlyList<string>> DropOlderThanAsync(NpgsqlDataSource owner, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(DropOlder, new { Cutoff = cutoff }, cancellationToken: cancellationToken))];
    }

    /// <summary>The first instant kept under a retention of <paramref name="retentionDays"/> (none when 0: keep everything).</summary>
    public static DateTimeOffset? RetentionCutoff(DateTimeOffset now, int retentionDays) =>
        retentionDays == 0 ? null : now.AddDays(-retentionDays);
}
