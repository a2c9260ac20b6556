using System.Diagnostics;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;
using Edge.Mqtt.Bench.Scenarios;

namespace Edge.Mqtt.Bench;

/// <summary>Starts the broker, runs the chosen benchmarks in order, prints the table and writes the report after each.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        BenchArguments arguments;
        try
        {
            arguments = BenchArguments.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        // The publish benchmark compares Stopwatch timestamps across processes: they must be CLOCK_MONOTONIC nanoseconds.
        if (Stopwatch.Frequency != 1_000_000_000)
        {
            await Console.Error.WriteLineAsync($"Stopwatch.Frequency is {Stopwatch.Frequency}, not 1e9: this benchmark expects Linux");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var cancellationToken = cancellation.Token;

        await using var broker = await BenchBroker.StartAsync(cancellationToken);
        var report = new BenchReport
        {
            Command = "dotnet run -c Release --project bench/Edge.Mqtt.Bench -- " + string.Join(' ', args.DefaultIfEmpty("all")),
            Started = TimeProvider.System.GetUtcNow(),
            Machine = MachineInfo.Describe(await MosquittoVersionAsync(cancellationToken)),
            BrokerConfiguration = BenchBroker.Configuration(broker.Port),
        };
        BenchContext.Log($"machine: {report.Machine}");
        BenchContext.Log($"mosquitto on 127.0.0.1:{broker.Port}");

        var work = Directory.CreateTempSubdirectory("edge-mqtt-bench-input-");
        try
        {
            var context = new BenchContext(broker, arguments, report, work.FullName);
            var name = arguments.Selected.Count == BenchArguments.Scenarios.Length ? "all" : string.Join('-', arguments.Selected);
            foreach (var scenario in arguments.Selected)
            {
                await (scenario switch
                {
                    "receive" => new ReceiveBenchmark(context).RunAsync(cancellationToken),
                    "publish" => new PublishBenchmark(context).RunAsync(cancellationToken),
                    "latency" => new LatencyBenchmark(context).RunAsync(cancellationToken),
                    BenchArguments.Profile => new ProfileBenchmark(context).RunAsync(cancellationToken),
                    _ => new MemoryBenchmark(context).RunAsync(cancellationToken),
                });
                var written = await ReportWriter.WriteAsync(report, arguments.ResultsDirectory, name, cancellationToken);
                BenchContext.Log($"{scenario} done; results so far in {written}.md and .json");
            }

            Console.WriteLine();
            Console.WriteLine(ReportWriter.ToMarkdown(report));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<string> MosquittoVersionAsync(CancellationToken cancellationToken)
    {
        await using var version = ChildProcess.Start(BenchBroker.Executable, ["-h"], captureOutput: true);
        await version.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return version.Output.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim() ?? "mosquitto (version unknown)";
    }
}
