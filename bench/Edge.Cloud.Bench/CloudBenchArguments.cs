using System.Globalization;

namespace Edge.Cloud.Bench;

/// <summary><c>[--readings 1000000] [--gateways 4] [--batch 1000] [--devices 1000] [--duplicates 0.05] [--queries 200] [--results DIR]</c>.</summary>
internal sealed record CloudBenchArguments
{
    private const string Usage = "usage: [--readings 1000000] [--gateways 4] [--batch 1000] [--devices 1000] [--duplicates 0.05] [--queries 200] [--results DIR]";

    /// <summary>Readings loaded by the yardstick and, the same number, ingested over HTTP.</summary>
    public int Readings { get; init; } = 1_000_000;

    /// <summary>Gateways sending at the same time, each with its own key and devices.</summary>
    public int Gateways { get; init; } = 4;

    /// <summary>Readings per ingest request.</summary>
    public int Batch { get; init; } = 1000;

    /// <summary>Devices, shared out among the gateways.</summary>
    public int Devices { get; init; } = 1000;

    /// <summary>Share of batches sent twice (a gateway resending after a lost answer): the duplicates are detected, not stored.</summary>
    public double Duplicates { get; init; } = 0.05;

    /// <summary>Bucket queries timed (after 10 warm-up queries).</summary>
    public int Queries { get; init; } = 200;

    public string ResultsDirectory { get; init; } = Path.Combine(Edge.Testing.RepoPaths.Root, "bench", "results");

    public static CloudBenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CloudBenchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value; {Usage}");
            parsed = name switch
            {
                "--readings" => parsed with { Readings = Positive(value, name) },
                "--gateways" => parsed with { Gateways = Positive(value, name) },
                "--batch" => parsed with { Batch = Positive(value, name) },
                "--devices" => parsed with { Devices = Positive(value, name) },
                "--duplicates" => parsed with { Duplicates = double.Parse(value, CultureInfo.InvariantCulture) },
                "--queries" => parsed with { Queries = Positive(value, name) },
                "--results" => parsed with { ResultsDirectory = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown argument \"{name}\"; {Usage}"),
            };
        }

        return parsed.Devices >= parsed.Gateways && parsed.Duplicates is >= 0 and <= 1
            ? parsed
            : throw new ArgumentException($"--devices must be at least --gateways and --duplicates between 0 and 1; {Usage}");
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not \"{value}\"");
}
