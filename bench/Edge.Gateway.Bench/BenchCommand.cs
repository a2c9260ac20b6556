using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;
using Edge.Gateway.Bench.Scenarios;

namespace Edge.Gateway.Bench;

/// <summary>Starts the village broker, runs the chosen scenarios in order, writes the report after each.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        BenchArguments arguments;
        try
        {
            arguments = BenchArguments.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var cancellationToken = cancellation.Token;
        var root = BenchArguments.RepoRoot();

        await using var broker = await VillageBroker.StartAsync(root, cancellationToken);
        var report = new BenchReport
        {
            Command = "dotnet run -c Release --project bench/Edge.Gateway.Bench -- " + string.Join(' ', args.DefaultIfEmpty("all")),
            Started = TimeProvider.System.GetUtcNow(),
            Machine = MachineInfo.Describe(await VersionsAsync(cancellationToken)),
            BrokerConfiguration = broker.Configuration,
        };
        BenchContext.Log($"machine: {report.Machine}");
        BenchContext.Log($"village mosquitto on {broker.Address}");

        await using var context = new BenchContext(root, broker, arguments, report, Directory.CreateTempSubdirectory("edge-gw-bench-").FullName);
        var name = arguments.Selected.Count == BenchArguments.Scenarios.Length ? "all" : string.Join('-', arguments.Selected);
        foreach (var scenario in arguments.Selected)
        {
            try
            {
                await (scenario switch
                {
                    "ingest" => new IngestBenchmark(context).RunAsync(cancellationToken),
                    "drain" => new DrainBenchmark(context).RunAsync(cancellationToken),
                    "alert" => new AlertBenchmark(context).RunAsync(cancellationToken),
                    "memory" => new MemoryBenchmark(context).RunAsync(cancellationToken),
                    _ => new NodeRedBenchmark(context).RunAsync(cancellationToken),
                });
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                report.Notes.Add($"**{scenario} failed**: {exception.GetType().Name}: {exception.Message}");
                BenchContext.Log($"{scenario} FAILED: {exception}");
            }

            var written = await ReportWriter.WriteAsync(report, arguments.ResultsDirectory, name, cancellationToken);
            BenchContext.Log($"{scenario} done; results so far in {written}.md and .json");
        }

        Console.WriteLine();
        Console.WriteLine(ReportWriter.ToMarkdown(report));
        return report.Notes.Any(n => n.Contains("failed**", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static async Task<string> VersionsAsync(CancellationToken cancellationToken)
    {
        static string First(string text, string contains) =>
            text.Split('\n').FirstOrDefault(l => l.Contains(contains, StringComparison.OrdinalIgnoreCase))?.Trim() ?? "unknown";

        var mosquitto = await Try(() => ChildProcess.RunAsync(VillageBroker.Executable, ["-h"], TimeSpan.FromSeconds(10), cancellationToken, allowFailure: true));
        var postgres = await Try(() => ChildProcess.RunAsync("/usr/lib/postgresql/15/bin/postgres", ["--version"], TimeSpan.FromSeconds(10), cancellationToken));
        var node = await Try(() => ChildProcess.RunAsync("node", ["--version"], TimeSpan.FromSeconds(10), cancellationToken));
        return $"{First(mosquitto, "version")}, {postgres.Trim()}, node {node.Trim()}";
    }

    private static async Task<string> Try(Func<Task<string>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
