using Edge.Testing;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// A broker with limits and an access list, to see MQTT 5 refusals from a real broker: packets over 1,000 bytes are
/// refused (announced in CONNACK), anonymous clients may use <c>test/#</c> and only read <c>readonly/#</c>.
/// </summary>
public sealed class LimitedBrokerFixture : IAsyncLifetime
{
    public const int MaxPacketSize = 1000;

    private static readonly string AclFile = Path.Combine(Directory.CreateTempSubdirectory("edge-mqtt-acl-").FullName, "acl");

    public LimitedBrokerFixture()
    {
        Broker = MosquittoBroker.WithConfiguration([$"max_packet_size {MaxPacketSize}", $"acl_file {AclFile}"]);
    }

    public MosquittoBroker Broker { get; }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(AclFile, "topic readwrite test/#\ntopic read readonly/#\n");
        File.SetUnixFileMode(AclFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.GetDirectoryName(AclFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await Broker.InitializeAsync();
    }

    public Task DisposeAsync() => Broker.DisposeAsync();
}
