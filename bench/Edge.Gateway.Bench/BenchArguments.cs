using System.Globalization;

namespace Edge.Gateway.Bench;

/// <summary>
/// <c>[all|ingest|drain|alert|memory|nodered ...] [--runs 3] [--messages 200000] [--backlog 300000]
/// [--batch-sizes 1000,2000,5000] [--live-rate 1000] [--alerts 200] [--memory-readings 1000000] [--results DIR]</c>.
/// </summary>
internal sealed record BenchArguments
{
    public static readonly string[] Scenarios = ["ingest", "drain", "alert", "memory", "nodered"];

    private const string Usage = "usage: [all|ingest|drain|alert|memory|nodered ...] [--runs 3] [--messages 200000] [--backlog 300000] "
        + "[--batch-sizes 1000,2000,5000] [--live-rate 1000] [--alerts 200] [--memory-readings 1000000] [--results DIR]";

    public IReadOnlyList<string> Selected { get; init; } = Scenarios;

    /// <summary>Measured runs per case and side; the figure reported is their median.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Messages queued for each ingest run (gateway and mosquitto_sub alike).</summary>
    public int Messages { get; init; } = 200_000;

    /// <summary>Readings in the backlog each drain run forwards.</summary>
    public int Backlog { get; init; } = 300_000;

    public IReadOnlyList<int> BatchSizes { get; init; } = [1000, 2000, 5000];

    /// <summary>Live input during the drain with live input, and during the alert run (readings per second).</summary>
    public int LiveRate { get; init; } = 1000;

    /// <summary>Readings that each raise or clear the alarm in the alert run (one every 100 ms).</summary>
    public int Alerts { get; init; } = 200;

    /// <summary>Unforwarded readings the memory run accumulates.</summary>
    public int MemoryReadings { get; init; } = 1_000_000;

    public string ResultsDirectory { get; init; } = Path.Combine(RepoRoot(), "bench", "results");

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArguments();
        var named = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "all" || Scenarios.Contains(arg))
            {
                named.AddRange(arg == "all" ? Scenarios : [arg]);
                parsed = parsed with { Selected = [.. named.Distinct()] };
                continue;
            }

            parsed = arg switch
            {
                "--runs" => parsed with { Runs = Positive(Value(args, ++i, arg), arg) },
                "--messages" => parsed with { Messages = Positive(Value(args, ++i, arg), arg) },
                "--backlog" => parsed with { Backlog = Positive(Value(args, ++i, arg), arg) },
                "--batch-sizes" => parsed with { BatchSizes = [.. Value(args, ++i, arg).Split(',').Select(s => Positive(s, arg))] },
                "--live-rate" => parsed with { LiveRate = Positive(Value(args, ++i, arg), arg) },
                "--alerts" => parsed with { Alerts = Positive(Value(args, ++i, arg), arg) },
                "--memory-readings" => parsed with { MemoryReadings = Positive(Value(args, ++i, arg), arg) },
                "--results" => parsed with { ResultsDirectory = Path.GetFullPath(Value(args, ++i, arg)) },
                _ => throw new ArgumentException($"unknown argument \"{arg}\"; {Usage}"),
            };
        }

        return parsed;
    }

    /// <summary>The repository root: the nearest folder above the program holding Edge.sln (else the current folder).</summary>
    public static string RepoRoot()
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

    private static string Value(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{name} needs a value");

    private static int Positive(string value, string name) =>
        int.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not \"{value}\"");
}
