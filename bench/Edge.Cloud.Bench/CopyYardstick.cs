using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Testing;

namespace Edge.Cloud.Bench;

/// <summary>
/// The yardstick: <c>psql \copy</c> loading N readings from a CSV file straight into the readings table (no
/// validation, no duplicate check, no latest values), timed from psql's start to its exit. The table is emptied after.
/// </summary>
internal static class CopyYardstick
{
    public static async Task<CopyResult> RunAsync(BenchEnvironment environment, CloudBenchArguments arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-cloud-bench-{Environment.ProcessId}.csv");
        var tenant = await environment.ScalarAsync<Guid>("SELECT tenant_id FROM gateways WHERE id = 'gw-bench-0'");
        var start = BenchClock.Start;
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20))
        {
            for (var i = 0; i < arguments.Readings; i++)
            {
                var gateway = environment.Gateways[i % environment.Gateways.Count];
                var device = gateway.Devices[i / environment.Gateways.Count % gateway.Devices.Count];
                var ts = BenchClock.Ts(start, i, arguments.Readings).ToString("O", CultureInfo.InvariantCulture);
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"copy:{i},{tenant},{device},{gateway.Id},{ts},{ts},mqtt,{i},\"{{\"\"water_level_m\"\": {1 + (i % 100 * 0.01)}, \"\"battery_v\"\": 3.6}}\""));
            }
        }

        try
        {
            var stopwatch = Stopwatch.StartNew();
            await using (var psql = ExternalProcess.Start("psql", [
                "-h", "127.0.0.1", "-p", environment.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "edge", "-d", new Npgsql.NpgsqlConnectionStringBuilder(environment.Database).Database!,
                "-v", "ON_ERROR_STOP=1", "-c", $"\\copy readings (id, tenant_id, device_id, gateway_id, ts, received_at, source, seq, \"values\") FROM '{file}' WITH (FORMAT csv)",
            ], "psql"))
            {
                if (await psql.WaitForExitAsync(TimeSpan.FromMinutes(30)) != 0)
                {
                    throw new InvalidOperationException("psql \\copy failed:\n" + psql.Output);
                }
            }

            var elapsed = stopwatch.Elapsed;
            var loaded = await environment.ScalarAsync<long>("SELECT count(*) FROM readings");
            await environment.ScalarAsync<object>("TRUNCATE readings");
            return new CopyResult(loaded, elapsed, loaded / elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

internal sealed record CopyResult(long Rows, TimeSpan Elapsed, double RowsPerSecond);

/// <summary>Measurement times of the generated readings: spread over the last hour before the run, in the current week's partition.</summary>
internal static class BenchClock
{
    public static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-1);

    public static DateTimeOffset Ts(DateTimeOffset start, long index, long count) =>
        start.AddTicks(TimeSpan.FromMinutes(59).Ticks * index / Math.Max(1, count));
}
