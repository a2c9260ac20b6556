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

    /// <summary>
    /// Disk quota of the journal (its live data, in bytes). When reached, forwarded rows go first, then the oldest
    /// unforwarded readings, each eviction recorded as a gap that is itself forwarded; alerts are never evicted.
    /// </summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Unforwarded readings older than this (by receive time) are evicted and recorded as gaps. Empty: kept until forwarded or evicted by the quota.</summary>
    public TimeSpan? ReadingTimeToLive { get; set; }

    /// <summary>Unforwarded alerts older than this are dropped. Empty (the default): alerts are kept until forwarded.</summary>
    public TimeSpan? AlertTimeToLive { get; set; }

    /// <summary>How often the journal prunes, applies time to live, checkpoints its write-ahead log and returns free pages to the file system.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);
}
