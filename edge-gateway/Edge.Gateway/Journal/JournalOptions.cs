using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Journal;

/// <summary>The durable journal every reading passes through before it is acknowledged (section <c>Journal</c>).</summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>SQLite file; default <c>{Gateway:DataDirectory}/journal.db</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Longest a received message waits for others to share its commit (group commit).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan CommitDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Most messages in one commit.</summary>
    [Range(1, 100_000)]
    public int MaxCommitBatch { get; set; } = 2000;

    /// <summary>
    /// SQLite <c>synchronous</c> setting: <c>FULL</c> makes every commit survive a power cut before the broker is told
    /// the message is safe; <c>NORMAL</c> is faster but a power cut may lose the last commits (never corrupts).
    /// </summary>
    [RegularExpression("^(FULL|NORMAL)$")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>How long forwarded readings are kept (they let the journal recognise redeliveries) before they are pruned.</summary>
    public TimeSpan KeepForwarded { get; set; } = TimeSpan.FromHours(24);
}
