using Edge.Telemetry.Contracts;

namespace Edge.Gateway.ConfigSync;

/// <summary>Where the configuration the gateway runs on came from.</summary>
internal enum ConfigSource
{
    /// <summary>Never synced: built-in defaults (said so in the status).</summary>
    Defaults,

    /// <summary>The copy cached on disk from an earlier sync (the cloud has not answered since the start).</summary>
    Cache,

    /// <summary>The local file <see cref="ConfigSyncOptions.LocalPath"/>: never synced, nothing cached.</summary>
    Local,

    /// <summary>Fetched from the cloud since the start.</summary>
    Cloud,
}

/// <summary>
/// The configuration the gateway currently runs on. Readers take <see cref="Current"/> (an immutable snapshot) and
/// compare <see cref="Version"/> to notice a change.
/// </summary>
internal sealed class GatewayConfigState
{
    private Snapshot _snapshot = new(null, ConfigSource.Defaults, null, null, 0);

    public Snapshot Current => Volatile.Read(ref _snapshot);

    public int Version => Current.Version;

    public void Set(GatewayConfig config, ConfigSource source, string? etag, DateTimeOffset? syncedAt)
    {
        var previous = Current;
        Volatile.Write(ref _snapshot, new Snapshot(config, source, etag, syncedAt, previous.Version + 1));
    }

    public void MarkFresh(DateTimeOffset syncedAt)
    {
        var previous = Current;
        Volatile.Write(ref _snapshot, previous with { Source = ConfigSource.Cloud, SyncedAt = syncedAt });
    }

    /// <summary>An immutable view: the configuration (null before any), its source, its ETag, when it was last confirmed by the cloud.</summary>
    internal sealed record Snapshot(GatewayConfig? Config, ConfigSource Source, string? ETag, DateTimeOffset? SyncedAt, int Version);
}
