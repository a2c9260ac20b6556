using Edge.Gateway.ConfigSync;

namespace Edge.Gateway.Status;

/// <summary>How the gateway's configuration stands, for health and status: from the cloud, its cached copy, or defaults.</summary>
internal static class ConfigStatus
{
    public static object Describe(GatewayConfigState.Snapshot snapshot, int rulesInForce) => new
    {
        source = snapshot.Source switch
        {
            ConfigSource.Cloud => "cloud",
            ConfigSource.Cache => "cache",
            ConfigSource.Local => "local file (never synced with the cloud)",
            _ => "defaults (never synced with the cloud)",
        },
        syncedAt = snapshot.SyncedAt,
        devices = snapshot.Config?.Devices.Count ?? 0,
        rulesInForce,
        alarmContacts = snapshot.Config?.AlarmContacts.Count ?? 0,
    };
}
