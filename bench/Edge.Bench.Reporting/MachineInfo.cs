using System.Globalization;
using System.Runtime.InteropServices;

namespace Edge.Bench.Reporting;

/// <summary>The machine a run was measured on, as the report states it; <paramref name="Services"/> names the servers it drove and their versions.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string Os, string Kernel, string Runtime, string Services)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores ({CpuModel}), {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {Os}, kernel {Kernel}, {Runtime}, {Services}");

    public static MachineInfo Describe(string services) => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? "unknown CPU",
        (long.TryParse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0], CultureInfo.InvariantCulture, out var kb) ? kb : 0) * 1024,
        FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? "unknown OS",
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "unknown",
        RuntimeInformation.FrameworkDescription,
        services);

    private static string? FirstValue(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == key)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
