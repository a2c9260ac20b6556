using System.Globalization;
using Edge.Testing;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary><c>mosquitto_sub</c> and <c>mosquitto_pub</c> as independent peers of the client under test.</summary>
internal static class MosquittoClients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Starts <c>mosquitto_sub</c> for <paramref name="count"/> messages and waits until its SUBACK arrived.</summary>
    public static Task<ExternalProcess> SubscribeAsync(MosquittoBroker broker, string topic, int qos, int count) =>
        SubscribeAsync(broker, topic, qos, count, MqttProtocolVersion.V311);

    /// <summary>
    /// Starts <c>mosquitto_sub</c> speaking <paramref name="version"/> for <paramref name="count"/> messages, with extra
    /// arguments (an output format <c>-F</c>, MQTT 5 properties <c>-D</c>), and waits until its SUBACK arrived.
    /// </summary>
    public static async Task<ExternalProcess> SubscribeAsync(MosquittoBroker broker, string topic, int qos, int count, MqttProtocolVersion version, string extraArguments = "")
    {
        // stdbuf: mosquitto_sub block-buffers a piped stdout, which would hide its SUBACK line until it exits. grep drops
        // its per-message debug lines, so the output (of which ExternalProcess keeps the last 2,000 lines) is the payloads.
        // libmosquitto 2.0.11 breaks off an MQTT 5 QoS 2 stream with "A network protocol error" once its default
        // Receive Maximum (20) is reached, whoever publishes (mosquitto_pub too): announcing a larger one avoids it.
        var receiveMaximum = version == MqttProtocolVersion.V500 ? "-D connect receive-maximum 2000" : string.Empty;
        var command = string.Create(CultureInfo.InvariantCulture,
            $"set -o pipefail; stdbuf -oL mosquitto_sub -h {broker.Host} -p {broker.Port} -V {VersionArgument(version)} {receiveMaximum} -t '{topic}' -q {qos} -C {count} -d -i {TestClients.NewClientId("sub")} {extraArguments}")
            + " | grep --line-buffered -v -e ' received PUBLISH (' -e ' sending PUBACK (' -e ' sending PUBREC (' -e ' sending PUBCOMP (' -e ' received PUBREL ('";
        var process = ExternalProcess.Start("/bin/bash", ["-c", command], "mosquitto_sub");
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

    /// <summary>The payload lines <c>mosquitto_sub -d</c> printed (its debug lines left out).</summary>
    public static IReadOnlyList<string> Payloads(ExternalProcess subscriber) =>
        [.. subscriber.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("Client ", StringComparison.Ordinal) && !line.StartsWith("Subscribed (", StringComparison.Ordinal))];

    /// <summary>Waits for <c>mosquitto_sub</c> to exit after its count, and returns its payloads.</summary>
    public static async Task<IReadOnlyList<string>> WaitForPayloadsAsync(ExternalProcess subscriber)
    {
        var exitCode = await subscriber.WaitForExitAsync(Timeout);
        Assert.True(exitCode == 0, $"mosquitto_sub exited with {exitCode}:\n{subscriber.Output}");
        return Payloads(subscriber);
    }

    /// <summary>Publishes one message with <c>mosquitto_pub</c>.</summary>
    public static Task PublishAsync(MosquittoBroker broker, string topic, string message, int qos, bool retain = false) =>
        PublishAsync(broker, topic, message, qos, MqttProtocolVersion.V311, retain);

    /// <summary>Publishes one message with <c>mosquitto_pub</c> speaking <paramref name="version"/>, with extra arguments (<c>-D publish ...</c>).</summary>
    public static async Task PublishAsync(MosquittoBroker broker, string topic, string message, int qos, MqttProtocolVersion version, bool retain = false, params string[] extraArguments)
    {
        List<string> arguments = [
            "-h", broker.Host, "-p", Invariant(broker.Port), "-V", VersionArgument(version), "-t", topic, "-m", message, "-q", Invariant(qos),
            "-i", TestClients.NewClientId("pub"),
        ];
        if (retain)
        {
            arguments.Add("-r");
        }

        arguments.AddRange(extraArguments);

        await using var process = ExternalProcess.Start("mosquitto_pub", arguments);
        var exitCode = await process.WaitForExitAsync(Timeout);
        Assert.True(exitCode == 0, $"mosquitto_pub exited with {exitCode}:\n{process.Output}");
    }

    /// <summary>Publishes <c>m-00001</c> .. <c>m-{count}</c>, one message per line, with a single <c>mosquitto_pub -l</c>.</summary>
    public static Task PublishNumberedAsync(MosquittoBroker broker, string topic, int qos, int count) =>
        PublishNumberedAsync(broker, topic, qos, count, MqttProtocolVersion.V311);

    /// <summary>As <see cref="PublishNumberedAsync(MosquittoBroker, string, int, int)"/>, speaking <paramref name="version"/>.</summary>
    public static async Task PublishNumberedAsync(MosquittoBroker broker, string topic, int qos, int count, MqttProtocolVersion version)
    {
        var command = string.Create(CultureInfo.InvariantCulture,
            $"seq -f 'm-%05g' 1 {count} | mosquitto_pub -l -h {broker.Host} -p {broker.Port} -V {VersionArgument(version)} -t '{topic}' -q {qos} -i {TestClients.NewClientId("pub")}");
        await using var process = ExternalProcess.Start("/bin/sh", ["-c", command], "mosquitto_pub -l");
        var exitCode = await process.WaitForExitAsync(Timeout);
        Assert.True(exitCode == 0, $"mosquitto_pub -l exited with {exitCode}:\n{process.Output}");
    }

    public static string Numbered(int number) => string.Create(CultureInfo.InvariantCulture, $"m-{number:D5}");

    /// <summary>The <c>-V</c> argument of the mosquitto clients.</summary>
    public static string VersionArgument(MqttProtocolVersion version) => version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
