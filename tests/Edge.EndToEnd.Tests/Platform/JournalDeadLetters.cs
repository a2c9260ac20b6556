using Microsoft.Data.Sqlite;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>Reads the gateway journal's dead letters (read-only, beside the running gateway: WAL allows it).</summary>
internal static class JournalDeadLetters
{
    public static async Task<IReadOnlyList<string>> ReasonsAsync(string journalPath)
    {
        await using var connection = new SqliteConnection($"Data Source={journalPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason FROM dead_letters ORDER BY id";
        var reasons = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            reasons.Add(reader.GetString(0));
        }

        return reasons;
    }
}
