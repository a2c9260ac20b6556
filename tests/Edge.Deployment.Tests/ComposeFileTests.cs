using Edge.Testing;

namespace Edge.Deployment.Tests;

/// <summary>
/// docker-compose.yml, checked without a Docker engine (none runs here): Debian's docker-compose parses and validates
/// it with the secrets it needs, refuses it without them, and dclint (npm, pinned in deploy/package.json) finds no
/// problem. What this does not exercise: building the images and running the containers (deploy/README.md).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, string?> Secrets = new()
    {
        ["EDGE_APP_DB_PASSWORD"] = "test-app-password",
        ["EDGE_DB_PASSWORD"] = "test-owner-password",
        ["EDGE_JWT_SIGNING_KEY"] = "test-signing-key",
        ["EDGE_BROKER_ADMIN_PASSWORD"] = "test-broker-password",
        ["EDGE_GATEWAY_API_KEY"] = "test-gateway-key",
    };

    [Fact]
    public async Task DockerComposeConfig_WithTheSecrets_IsValid()
    {
        var (exitCode, output) = await RunAsync("docker-compose", ["config", "-q"], Secrets);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("EDGE_DB_PASSWORD")]
    [InlineData("EDGE_JWT_SIGNING_KEY")]
    [InlineData("EDGE_GATEWAY_API_KEY")]
    public async Task DockerComposeConfig_WithoutASecret_RefusesNamingIt(string missing)
    {
        var secrets = new Dictionary<string, string?>(Secrets) { [missing] = null };

        var (exitCode, output) = await RunAsync("docker-compose", ["config", "-q"], secrets);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"set {missing} in .env", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerComposeConfig_DefinesTheWholePlatform_TwoCloudBackendsAndTwelvePartitionTopics()
    {
        var (exitCode, output) = await RunAsync("docker-compose", ["config", "--services"], Secrets);

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            ["cloud-a", "cloud-b", "gateway", "kafka", "kafka-topics", "mosquitto-cloud", "mosquitto-village", "otel-collector", "postgres", "simulator"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        var compose = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        Assert.Contains("--partitions 12", compose, StringComparison.Ordinal);
        Assert.Contains("KAFKA_PROCESS_ROLES: broker,controller", compose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dclint_FindsNoProblem()
    {
        var deploy = Path.Combine(RepoPaths.Root, "deploy");
        var dclint = Path.Combine(deploy, "node_modules", ".bin", "dclint");
        if (!File.Exists(dclint))
        {
            var (installed, log) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null, deploy);
            Assert.True(installed == 0, "npm ci in deploy/ failed:\n" + log);
        }

        var (exitCode, output) = await RunAsync(dclint, ["docker-compose.yml"], null);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cloud-backend/Dockerfile")]
    [InlineData("edge-gateway/Dockerfile")]
    [InlineData("firmware-sim/Dockerfile")]
    public async Task Dockerfile_MultiStageNonRootWithoutSecrets(string path)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, path));

        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l == "USER $APP_UID");
        Assert.DoesNotContain(lines, l => l.Contains("Password", StringComparison.OrdinalIgnoreCase) || l.Contains("ApiKey", StringComparison.OrdinalIgnoreCase)
            || l.Contains("SigningKey", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>());
        foreach (var name in Secrets.Keys)
        {
            variables.TryAdd(name, null);
        }

        await using var process = ExternalProcess.Start(program, arguments, environment: variables, workingDirectory: workingDirectory ?? RepoPaths.Root);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return (exitCode, process.Output);
    }
}
