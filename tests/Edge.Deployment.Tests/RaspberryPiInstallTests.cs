using Edge.Testing;

namespace Edge.Deployment.Tests;

/// <summary>
/// packaging/raspberry-pi/install.sh run for real into a staging root (<c>EDGE_INSTALL_ROOT</c>: files only, nothing
/// started), and the systemd unit it installs checked by systemd itself.
/// </summary>
public sealed class RaspberryPiInstallTests : IDisposable
{
    private static readonly string Packaging = Path.Combine(RepoPaths.Root, "packaging", "raspberry-pi");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edge-pi-install-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Install_IntoAStagingRoot_PlacesGatewayConfigurationBrokerAndUnit_KeyOnlyInTheEnvironmentFile()
    {
        var (publish, keyFile) = Inputs("edge_secret-key-123");
        var root = Path.Combine(_work.FullName, "root");

        var (exitCode, output) = await InstallAsync(root, "--gateway-id", "gw-village-1", "--cloud-url", "https://cloud.example.org",
            "--api-key-file", keyFile, "--publish-dir", publish);

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(root, "opt/edge-gateway/Edge.Gateway.dll")));
        Assert.True(File.Exists(Path.Combine(root, "opt/edge-gateway/README.raspberry-pi.md")));
        Assert.True(File.Exists(Path.Combine(root, "etc/mosquitto/conf.d/edge.conf")));
        Assert.True(File.Exists(Path.Combine(root, "etc/mosquitto/conf.d/edge-common.conf")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(Packaging, "edge-gateway.service")),
            File.ReadAllText(Path.Combine(root, "etc/systemd/system/edge-gateway.service")));

        var environmentFile = Path.Combine(root, "etc/edge-gateway/gateway.env");
        Assert.Equal(
            ["Gateway__Id=gw-village-1", "Uplink__CloudUrl=https://cloud.example.org", "Uplink__ApiKey=edge_secret-key-123"],
            File.ReadAllLines(environmentFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(environmentFile));
        Assert.DoesNotContain("secret-key", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gateway-id", "bad id!", "--gateway-id must be")]
    [InlineData("--cloud-url", "ftp://cloud", "--cloud-url must be")]
    [InlineData("--api-key-file", "/nonexistent/key", "--api-key-file must name")]
    public async Task Install_BadArgument_Exits2SayingWhichAndChangesNothing(string option, string value, string message)
    {
        var (publish, keyFile) = Inputs("edge_key");
        var arguments = new Dictionary<string, string>
        {
            ["--gateway-id"] = "gw-1",
            ["--cloud-url"] = "https://cloud.example.org",
            ["--api-key-file"] = keyFile,
            ["--publish-dir"] = publish,
        };
        arguments[option] = value;
        var root = Path.Combine(_work.FullName, "root");

        var (exitCode, output) = await InstallAsync(root, [.. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task Unit_PassesSystemdAnalyzeVerify()
    {
        // systemd-analyze is part of systemd, present on every Debian 12 system booted with it; this machine has it.
        await using var verify = ExternalProcess.Start("systemd-analyze", ["verify", Path.Combine(Packaging, "edge-gateway.service")]);
        var exitCode = await verify.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, verify.Output);
        Assert.DoesNotContain("edge-gateway.service:", verify.Output, StringComparison.Ordinal);
    }

    private (string Publish, string KeyFile) Inputs(string key)
    {
        var publish = Directory.CreateDirectory(Path.Combine(_work.FullName, "publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "Edge.Gateway.dll"), "not really a gateway");
        var keyFile = Path.Combine(_work.FullName, "gateway.key");
        File.WriteAllText(keyFile, key + "\n");
        return (publish, keyFile);
    }

    private static async Task<(int ExitCode, string Output)> InstallAsync(string root, params string[] arguments)
    {
        await using var install = ExternalProcess.Start("bash", [Path.Combine(Packaging, "install.sh"), .. arguments],
            environment: new Dictionary<string, string?> { ["EDGE_INSTALL_ROOT"] = root });
        var exitCode = await install.WaitForExitAsync(TimeSpan.FromMinutes(1));
        return (exitCode, install.Output);
    }
}
