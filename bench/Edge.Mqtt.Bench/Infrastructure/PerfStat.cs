using System.Globalization;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>
/// Counts a program's system calls from its start to its exit (all its threads) with <c>perf stat</c> on the kernel's
/// syscall tracepoints: the profile mode's "how many sends, receives and waits per message".
/// </summary>
internal static class PerfStat
{
    public const string Executable = "/usr/bin/perf";

    /// <summary>The calls counted, grouped as the report shows them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Groups = new Dictionary<string, string[]>
    {
        ["send/write"] = ["sendto", "sendmsg", "write", "writev"],
        ["recv/read"] = ["recvfrom", "recvmsg", "read", "readv"],
        ["epoll/poll/select"] = ["epoll_wait", "epoll_pwait", "epoll_pwait2", "poll", "ppoll", "select", "pselect6"],
        ["futex"] = ["futex"],
        ["sched_yield"] = ["sched_yield"],
    };

    public static bool Available => File.Exists(Executable);

    /// <summary>The wrapper command: <c>perf stat -x, -o OUTPUT -e ... --</c>.</summary>
    public static string[] Wrapper(string outputFile) =>
    [
        Executable, "stat", "-x,", "-o", outputFile, "-e",
        string.Join(',', Groups.Values.SelectMany(calls => calls).Select(call => "syscalls:sys_enter_" + call)),
        "--",
    ];

    /// <summary>Counts per group, read from the file perf wrote when the program ended.</summary>
    public static Dictionary<string, long> Read(string outputFile)
    {
        var perCall = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(outputFile))
        {
            var fields = line.Split(',');
            if (fields.Length > 2 && fields[2].StartsWith("syscalls:sys_enter_", StringComparison.Ordinal)
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                perCall[fields[2]["syscalls:sys_enter_".Length..]] = count;
            }
        }

        return Groups.ToDictionary(g => g.Key, g => g.Value.Sum(call => perCall.GetValueOrDefault(call)));
    }
}
