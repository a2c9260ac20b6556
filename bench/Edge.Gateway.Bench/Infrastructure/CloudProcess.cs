using System.Globalization;
using System.Security.Cryptography;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// The cloud backend (<c>Edge.Cloud.dll</c>) as a process on a free port, with a database of its own, seeded with the
/// bench's municipality and gateway (its API key), devices registered automatically on first sight as in the
/// end-to-end tests. Rules for the gateway can be put in its database before the gateway syncs.
/// </summary>
internal sealed class CloudProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private CloudProcess(ChildProcess process, Uri url, string connectionString)
    {
        _process = process;
        Url = url;
        ConnectionString = connectionString;
    }

    public Uri Url { get; }

    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    public ChildProcess Process => _process;

    /// <summary>Starts the cloud on <paramref name="url"/> (chosen beforehand so that a gateway can point at it while it is down).</summary>
    public static async Task<CloudProcess> StartAsync(string root, Uri url, string connectionString, string gatewayId, string gatewayKey, CancellationToken cancellationToken)
    {
        var process = Programs.StartDotnet("cloud", Programs.Cloud(root), new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // the seed is refused outside Development
            ["Urls"] = url.ToString().TrimEnd('/'),
            ["Database__ConnectionString"] = connectionString,
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Seed__Enabled"] = "true",
            ["Seed__GatewayId"] = gatewayId,
            ["Seed__GatewayApiKey"] = gatewayKey,
            ["Seed__AdminEmail"] = "admin@bench.local",
            ["Seed__AdminPassword"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ["Ingest__AutoRegisterUnknownDevices"] = "true",
        });
        var cloud = new CloudProcess(process, url, connectionString);
        await Http.WaitHealthyAsync(new Uri(url, "api/v1/health"), process, TimeSpan.FromSeconds(60), cancellationToken);
        return cloud;
    }

    public static Uri FreeUrl() => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Ports.Free()}/"));

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }
}
