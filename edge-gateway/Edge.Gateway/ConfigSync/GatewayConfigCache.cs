using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.ConfigSync;

/// <summary>The last configuration received from the cloud, on disk: <c>config.json</c> (the cloud's JSON) and <c>config.etag</c>.</summary>
internal sealed class GatewayConfigCache(string path)
{
    public string Path { get; } = path;

    public (GatewayConfig Config, string? ETag)? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var config = JsonSerializer.Deserialize(File.ReadAllBytes(Path), TelemetryJson.Default.GatewayConfig);
        var etagPath = Path + ".etag";
        return config is null ? null : (config, File.Exists(etagPath) ? File.ReadAllText(etagPath).Trim() : null);
    }

    /// <summary>Writes durably and atomically: a power cut leaves either the old copy or the new one, never half.</summary>
    public void Save(byte[] json, string? etag)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        WriteAtomically(Path, json);
        WriteAtomically(Path + ".etag", System.Text.Encoding.ASCII.GetBytes(etag ?? string.Empty));
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
