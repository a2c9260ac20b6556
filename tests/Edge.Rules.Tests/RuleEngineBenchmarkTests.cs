using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Edge.Rules.Tests;

/// <summary>
/// Not a timed assertion: measures and prints the evaluation rate (1M readings, 1,000 devices, default rules, one
/// reading per device per minute), the engine's memory afterwards, and what it allocates per reading once its windows
/// are full. Wall time suffers from anything else running; the rate per CPU-second less so. Run alone:
/// <c>dotnet test tests/Edge.Rules.Tests -c Release --filter RuleEngineBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class RuleEngineBenchmarkTests(ITestOutputHelper output)
{
    private const int Devices = 1_000;
    private const int ReadingsPerDevice = 1_000;

    [Fact]
    [Trait("Category", "Benchmark")]
    public void Evaluate_MillionReadingsOverThousandDevicesWithDefaultRules_PrintsTheRate()
    {
        Run(devices: 200, minutes: 500, lateEvery: 100, measureFrom: 0); // warm-up: let the JIT reach its optimized tier
        var inOrder = Run(Devices, ReadingsPerDevice, lateEvery: 0, measureFrom: 0);
        var statistics = inOrder.Engine.Statistics;
        var heap = GC.GetTotalMemory(true);
        GC.KeepAlive(inOrder.Engine);
        var withLate = Run(Devices, ReadingsPerDevice, lateEvery: 100, measureFrom: 0);
        var steady = Run(devices: 50, minutes: 3_000, lateEvery: 0, measureFrom: 2_200, TimeSpan.FromHours(1));

        const double Readings = Devices * ReadingsPerDevice;
        output.WriteLine(Invariant($"in order: {Readings / inOrder.Wall.TotalSeconds:N0} readings/s wall, {Readings / inOrder.Cpu.TotalSeconds:N0} per CPU-second ({Readings:N0} readings, {inOrder.Wall.TotalMilliseconds:N0} ms)"));
        output.WriteLine(Invariant($"1% arriving 30 min late: {Readings / withLate.Wall.TotalSeconds:N0} readings/s wall, {Readings / withLate.Cpu.TotalSeconds:N0} per CPU-second"));
        output.WriteLine(Invariant($"held after {ReadingsPerDevice} min: {statistics.RetainedPoints:N0} points for {statistics.Devices:N0} devices; heap {heap / 1e6:N0} MB"));
        output.WriteLine(Invariant($"steady state (windows full): {steady.Allocated / (50.0 * 800):N1} B allocated per reading"));
        Assert.Equal(Devices * ReadingsPerDevice, statistics.Readings);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static (TimeSpan Wall, TimeSpan Cpu, long Allocated, RuleEngine Engine) Run(int devices, int minutes, int lateEvery, int measureFrom, TimeSpan? lateness = null)
    {
        var start = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        var clock = new Testing.ManualTimeProvider(start);
        var engine = new RuleEngine(DefaultRules.RuleSet, clock, new RuleEngineOptions { MaxLateness = lateness ?? TimeSpan.FromHours(24) });
        var output = new AlarmOutput();
        var ids = Enumerable.Range(0, devices).Select(i => $"dev-{i:D4}").ToArray();
        var values = Enumerable.Range(0, devices).Select(i => Values(i % 4)).ToArray();
        var random = new Random(42);
        var count = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (var minute = 0; minute < minutes; minute++)
        {
            if (minute == measureFrom)
            {
                allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            }

            var now = start.AddMinutes(minute);
            clock.MoveTo(now);
            for (var d = 0; d < devices; d++)
            {
                Fill(values[d], d % 4, minute, random);
                var late = lateEvery > 0 && ++count % lateEvery == 0;
                var ts = late ? now.AddMinutes(-30).AddSeconds(d % 60) : now.AddSeconds(d % 60);
                engine.Evaluate(new RuleReading(ids[d], ts, now, values[d]), output);
                output.Clear();
            }

            engine.Tick(output);
            output.Clear();
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (stopwatch.Elapsed, cpu, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, engine);
    }

    private static Dictionary<string, double> Values(int kind) => kind switch
    {
        0 => new() { ["rain_mm"] = 0, ["battery_v"] = 3.6 },
        1 => new() { ["water_level_m"] = 1.8, ["battery_v"] = 12.6 },
        2 => new() { ["tilt_x_deg"] = 1.5, ["tilt_y_deg"] = -0.3, ["displacement_mm"] = 12, ["battery_v"] = 3.6 },
        _ => new() { ["soil_moisture_pct"] = 31, ["battery_v"] = 3.6 },
    };

    private static void Fill(Dictionary<string, double> values, int kind, int minute, Random random)
    {
        switch (kind)
        {
            case 0:
                values["rain_mm"] = random.NextDouble() < 0.2 ? Math.Round(random.NextDouble() * 0.8, 1) : 0;
                break;
            case 1:
                values["water_level_m"] = 1.8 + (0.4 * Math.Sin(minute / 200.0)) + (random.NextDouble() * 0.01);
                break;
            case 2:
                values["tilt_x_deg"] = 1.5 + (random.NextDouble() * 0.005);
                values["displacement_mm"] = 12 + (random.NextDouble() * 0.3);
                break;
            default:
                values["soil_moisture_pct"] = 31 + (random.NextDouble() * 0.5);
                break;
        }
    }
}
