using System.Globalization;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;

namespace Edge.Mqtt.Tests.Transport;

/// <summary><c>mosquitto_sub</c> and <c>mosquitto_pub</c> over TLS (<c>--cafile</c>), as independent peers.</summary>
internal static class MosquittoTlsClients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Starts <c>mosquitto_sub</c> for <paramref name="count"/> QoS 1 messages and waits for its SUBACK.</summary>
    public static async Task<ExternalProcess> SubscribeAsync(int port, string caFile, string topic, int count)
    {
        // As MosquittoClients.SubscribeAsync: stdbuf so that the SUBACK line shows before exit, grep drops per-message lines.
        var command = string.Create(CultureInfo.InvariantCulture,
            $"set -o pipefail; stdbuf -oL mosquitto_sub -h 127.0.0.1 -p {port} --cafile '{caFile}' -t '{topic}' -q 1 -C {count} -d -i {TestClients.NewClientId("tls-sub")}")
            + " | grep --line-buffered -v -e ' received PUBLISH (' -e ' sending PUBACK ('";
        var process = ExternalProcess.Start("/bin/bash", ["-c", command], "mosquitto_sub --cafile");
        try
        {
            await process.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal), Timeout);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public static async Task PublishAsync(int port, string caFile, string topic, string message)
    {
        await using var process = ExternalProcess.Start("mosquitto_pub", [
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--cafile", caFile,
            "-t", topic, "-m", message, "-q", "1", "-i", TestClients.NewClientId("tls-pub"),
        ]);
        var exitCode = await process.WaitForExitAsync(Timeout);
        Assert.True(exitCode == 0, $"mosquitto_pub --cafile exited with {exitCode}:\n{process.Output}");
    }
}
