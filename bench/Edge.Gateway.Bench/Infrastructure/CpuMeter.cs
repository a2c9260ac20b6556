using System.Globalization;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>CPU time used by a process, or by every process of one name (PostgreSQL's backends), from /proc.</summary>
internal static class CpuMeter
{
    /// <summary>User + system seconds of a process and its children, running or exited (PostgreSQL's postmaster and its backends).</summary>
    public static double SecondsOfTree(int rootId)
    {
        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..];
                if (pid == rootId.ToString(CultureInfo.InvariantCulture))
                {
                    var fields = rest.Split(' ');
                    total += Ticks(rest) + ((long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0); // and its reaped children
                }
                else if (rest.Split(' ')[1] == rootId.ToString(CultureInfo.InvariantCulture))
                {
                    total += Ticks(rest);
                }
            }
            catch (IOException)
            {
            }
        }

        return total;
    }

    public static double SecondsOf(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            return Ticks(stat[(stat.LastIndexOf(')') + 2)..]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static double Ticks(string afterName)
    {
        var fields = afterName.Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
