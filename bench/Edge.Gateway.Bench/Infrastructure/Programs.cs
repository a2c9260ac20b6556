namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>The repository's programs, as built in Release (bench/run-all.sh builds them).</summary>
internal static class Programs
{
    public static string Cloud(string root) => Dll(root, "cloud-backend", "Edge.Cloud");

    /// <summary>
    /// The gateway: the repository's Release build, or a candidate build named by <c>EDGE_GATEWAY_BENCH_GATEWAY_DLL</c>
    /// (to measure a suggested fix from a scratch copy against the same yardsticks).
    /// </summary>
    public static string Gateway(string root) => Environment.GetEnvironmentVariable("EDGE_GATEWAY_BENCH_GATEWAY_DLL") is { Length: > 0 } candidate
        ? Path.GetFullPath(candidate)
        : Dll(root, "edge-gateway", "Edge.Gateway");

    /// <summary>Starts <c>dotnet program.dll</c> from the program's folder (its content root, where its appsettings.json is).</summary>
    public static ChildProcess StartDotnet(string name, string dll, IReadOnlyDictionary<string, string?> environment, bool discardStdout = false) =>
        ChildProcess.Start(name, "dotnet", [dll], environment, Path.GetDirectoryName(dll), discardStdout);

    private static string Dll(string root, string folder, string project)
    {
        var path = Path.Combine(root, folder, project, "bin", "Release", "net10.0", project + ".dll");
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{project} is not built in Release at {path}: run `dotnet build Edge.sln -c Release` (bench/run-all.sh does)", path);
    }
}
