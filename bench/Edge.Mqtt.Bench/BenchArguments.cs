using System.Globalization;

namespace Edge.Mqtt.Bench;

/// <summary>
/// <c>[all|receive|publish|latency|memory|profile ...] [--minutes 10] [--messages N] [--runs 5] [--rate 1000] [--results DIR]</c>.
/// </summary>
internal sealed record BenchArguments
{
    public static readonly string[] Scenarios = ["receive", "publish", "latency", "memory"];

    /// <summary>Diagnosis only, not part of <c>all</c>: allocations by type, lock contention, system calls per message.</summary>
    public const string Profile = "profile";

    /// <summary>The scenarios to run, in order.</summary>
    public IReadOnlyList<string> Selected { get; init; } = Scenarios;

    /// <summary>Length of the memory run.</summary>
    public double Minutes { get; init; } = 10;

    /// <summary>Messages per throughput run (the QoS 1 cases use a fraction of it, see README).</summary>
    public int Messages { get; init; } = 300_000;

    /// <summary>Measured runs per case (after one warm-up); the figure reported is their median.</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Messages per second in the latency benchmark.</summary>
    public int LatencyRate { get; init; } = 1000;

    /// <summary>Seconds measured per latency run (after one second of warm-up).</summary>
    public int LatencySeconds { get; init; } = 10;

    /// <summary>Messages per second through the broker during the memory run.</summary>
    public int MemoryRate { get; init; } = 5000;

    public string ResultsDirectory { get; init; } = Path.Combine(RepoRoot(), "bench", "results");

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArguments();
        var named = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "all" || Scenarios.Contains(arg) || arg == Profile)
            {
                named.AddRange(arg == "all" ? Scenarios : [arg]);
                parsed = parsed with { Selected = [.. named.Distinct()] };
                continue;
            }

            parsed = arg switch
            {
                "--minutes" => parsed with { Minutes = double.Parse(Value(args, ++i, arg), CultureInfo.InvariantCulture) },
                "--messages" => parsed with { Messages = Positive(Value(args, ++i, arg), arg) },
                "--runs" => parsed with { Runs = Positive(Value(args, ++i, arg), arg) },
                "--rate" => parsed with { LatencyRate = Positive(Value(args, ++i, arg), arg) },
                "--latency-seconds" => parsed with { LatencySeconds = Positive(Value(args, ++i, arg), arg) },
                "--memory-rate" => parsed with { MemoryRate = Positive(Value(args, ++i, arg), arg) },
                "--results" => parsed with { ResultsDirectory = Path.GetFullPath(Value(args, ++i, arg)) },
                _ => throw new ArgumentException($"unknown argument \"{arg}\"; usage: [all|receive|publish|latency|memory|profile] [--minutes 10] [--messages N] [--runs 5] [--rate 1000] [--latency-seconds 10] [--memory-rate 5000] [--results DIR]"),
            };
        }

        return parsed.Minutes > 0 ? parsed : throw new ArgumentException("--minutes must be positive");
    }

    private static string Value(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{name} needs a value");

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not \"{value}\"");

    /// <summary>The repository root: the nearest folder above the program holding Edge.sln (else the current folder).</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
