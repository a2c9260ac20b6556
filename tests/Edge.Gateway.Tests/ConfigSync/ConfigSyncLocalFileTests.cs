using System.Text;
using Edge.Codecs.CayenneLpp;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Decoding;

namespace Edge.Gateway.Tests.ConfigSync;

/// <summary>
/// The local configuration file (<c>ConfigSync:LocalPath</c>): the fallback a gateway runs on before it has ever had the
/// cloud's configuration, in the cloud's format, so its LoRaWAN devices (DevEUI, profile) work without the cloud.
/// </summary>
public sealed class ConfigSyncLocalFileTests : IDisposable
{
    private const string DevEui = "0102030405060708";
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-config-local-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string LocalFile(string json)
    {
        var path = Path.Combine(_directory, "local-config.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string LocalConfig = $$"""
        {"gatewayId":"gw-test",
         "devices":[{"id":"rg-local-1","kind":"rain_gauge","name":"local rain gauge","status":"active","latitude":null,"longitude":null,"devEui":"{{DevEui}}","profileId":"lpp-rain"}],
         "profiles":[{"id":"lpp-rain","codec":"cayenne-lpp","fields":{"analog_in_1":"rain_mm"} }] }
        """;

    private static async Task<GatewayServices> StartAsync(string localPath, string? cachePath = null)
    {
        var gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["ConfigSync:LocalPath"] = localPath,
            ["ConfigSync:CachePath"] = cachePath,
        });
        await gateway.Loop<ConfigSyncService>().StartAsync(CancellationToken.None);
        return gateway;
    }

    [Fact]
    public async Task Start_NothingCachedCloudUnreachable_LoRaWanDeviceOfTheLocalFileIsDecoded()
    {
        await using var gateway = await StartAsync(LocalFile(LocalConfig));

        var uplink = $$"""{"time":"2026-11-21T09:59:00Z","deviceInfo":{"devEui":"{{DevEui}}"},"fCnt":1,"fPort":1,"data":"{{Convert.ToBase64String(new LppEncoder().Add(1, LppTypes.AnalogInput, 1.6).ToArray())}}"}""";
        var (reading, deadLetter) = gateway.Get<InboundDecoder>().Normalize(new Inbound().Message($"application/app/device/{DevEui}/event/up", Encoding.UTF8.GetBytes(uplink)), 65536);

        var current = gateway.Get<GatewayConfigState>().Current;
        Assert.Equal(ConfigSource.Local, current.Source);
        Assert.Empty(current.Config!.Rules); // left out of the file: none (the built-in default rules apply), not null
        Assert.Null(deadLetter);
        Assert.Equal("rg-local-1", reading!.DeviceId);
        Assert.Equal(1.6, reading.Values["rain_mm"], 9);
        await gateway.Loop<ConfigSyncService>().StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Start_CloudConfigurationCached_WinsOverTheLocalFile()
    {
        var cache = Path.Combine(_directory, "config.json");
        File.WriteAllText(cache, """{"gatewayId":"gw-test","devices":[{"id":"rg-cloud-1","kind":"rain_gauge","name":"cloud","status":"active","latitude":-0.7,"longitude":37.1}],"rules":[],"alarmContacts":[],"profiles":[]}""");

        await using var gateway = await StartAsync(LocalFile(LocalConfig), cache);

        var current = gateway.Get<GatewayConfigState>().Current;
        Assert.Equal(ConfigSource.Cache, current.Source);
        Assert.Equal("rg-cloud-1", Assert.Single(current.Config!.Devices).Id);
        await gateway.Loop<ConfigSyncService>().StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"devices":[]}""")] // no gatewayId
    public async Task Start_LocalFileUnreadable_RunsOnDefaults(string json)
    {
        await using var gateway = await StartAsync(LocalFile(json));

        Assert.Equal(ConfigSource.Defaults, gateway.Get<GatewayConfigState>().Current.Source);
        await gateway.Loop<ConfigSyncService>().StopAsync(CancellationToken.None);
    }
}
