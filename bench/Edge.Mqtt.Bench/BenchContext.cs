using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench;

/// <summary>What every scenario shares: the broker, the arguments, the report, and how runs are ordered.</summary>
internal sealed class BenchContext(BenchBroker broker, BenchArguments arguments, BenchReport report, string workDirectory)
{
    public BenchBroker Broker { get; } = broker;

    public BenchArguments Arguments { get; } = arguments;

    public BenchReport Report { get; } = report;

    /// <summary>A scratch folder for input files (deleted with the broker's).</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>The 1-minute load averages read before each measured run of the last <see cref="CompareAsync"/>.</summary>
    public List<double> LastLoads { get; } = [];

    /// <summary>"load 1-min 0.4–3.1": how busy the shared machine was around the last comparison's runs.</summary>
    public string LoadNote() => LastLoads.Count == 0 ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"machine load (1-min avg, {Environment.ProcessorCount} cores) {LastLoads.Min():F1}–{LastLoads.Max():F1}");

    /// <summary>The 1-minute load average (other users of the machine show here).</summary>
    public static double LoadAverage() => File.Exists("/proc/loadavg")
        && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    public static void Log(string message) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {message}"));

    /// <summary>
    /// One warm-up run of each side (not recorded), then <see cref="BenchArguments.Runs"/> measured runs of each,
    /// alternating which side goes first so that a slow spell of the shared machine does not favour one side.
    /// </summary>
    public async Task<(List<T> Ours, List<T> Theirs)> CompareAsync<T>(
        string label,
        Func<int, Task<T>> ours,
        Func<int, Task<T>> theirs,
        Func<T, string> describe)
    {
        var oursRuns = new List<T>();
        var theirRuns = new List<T>();
        LastLoads.Clear();
        for (var run = 0; run <= Arguments.Runs; run++)
        {
            if (run > 0)
            {
                LastLoads.Add(LoadAverage());
            }

            var what = run == 0 ? "warm-up" : $"run {run}/{Arguments.Runs}";
            var cFirst = run % 2 == 0;
            foreach (var side in cFirst ? new[] { false, true } : [true, false])
            {
                var result = side ? await ours(run) : await theirs(run);
                Log($"{label} {what} {(side ? "Edge.Mqtt" : "C client ")}: {describe(result)} [load {LoadAverage().ToString("F1", CultureInfo.InvariantCulture)}]");
                if (run > 0)
                {
                    (side ? oursRuns : theirRuns).Add(result);
                }
            }
        }

        return (oursRuns, theirRuns);
    }

    /// <summary>A file of <paramref name="count"/> lines of the 100-byte payload (for <c>mosquitto_pub -l</c>).</summary>
    public async Task<string> PayloadLinesAsync(long count, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WorkDirectory, $"lines-{count.ToString(CultureInfo.InvariantCulture)}.txt");
        if (!File.Exists(path))
        {
            var line = new byte[EdgeClients.PayloadBytes + 1];
            EdgeClients.Payload.Span.CopyTo(line);
            line[^1] = (byte)'\n';
            await using var file = File.Create(path);
            for (var i = 0L; i < count; i++)
            {
                await file.WriteAsync(line, cancellationToken);
            }
        }

        return path;
    }
}
