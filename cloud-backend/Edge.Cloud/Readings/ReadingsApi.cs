using System.Text.Json;
using Dapper;
using Edge.Cloud.Tenancy;
using Edge.Telemetry;

namespace Edge.Cloud.Readings;

/// <summary>
/// <c>GET /api/v1/devices/{id}/readings?metric=&amp;from=&amp;to=&amp;bucket=</c>: a device's readings in a time window,
/// or, with <c>bucket</c> (and a metric), one point per bucket with min, max, mean, last and count; buckets of whole
/// hours come from the hourly rollup (sql/0010), others from the readings.
/// </summary>
internal static class ReadingsApi
{
    public const int MaxRawReadings = 10_000;
    public const int MaxBuckets = 10_000;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    private const string DeviceVisible = "SELECT EXISTS (SELECT 1 FROM devices WHERE id = @DeviceId)";

    private const string SelectRaw = """
        SELECT id AS Id, ts AS Ts,
               (CASE WHEN @Metric::text IS NULL THEN "values" ELSE jsonb_build_object(@Metric::text, "values" -> @Metric::text) END)::text AS ValuesJson
        FROM readings
        WHERE tenant_id = (SELECT tenant_id FROM devices WHERE id = @DeviceId) AND device_id = @DeviceId
          AND ts >= @From AND ts < @To AND (@Metric::text IS NULL OR "values" ? @Metric::text)
        ORDER BY ts, id
        LIMIT @Limit
        """;

    internal const string SelectBuckets = """
        SELECT date_bin(@Bucket, ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS Ts,
               min(v) AS Min, max(v) AS Max, avg(v) AS Mean, (array_agg(v ORDER BY ts DESC, id DESC))[1] AS Last, count(*) AS Count
        FROM (SELECT id, ts, ("values" ->> @Metric)::float8 AS v FROM readings
              WHERE tenant_id = (SELECT tenant_id FROM devices WHERE id = @DeviceId) AND device_id = @DeviceId
                AND ts >= @From AND ts < @To AND "values" ? @Metric) AS r
        GROUP BY 1
        ORDER BY 1
        """;

    // A bucket of whole hours is answered from the hourly rollup (sql/0010) for the whole hours inside the window and
    // from the readings for the partial hours at its ends; each source yields hourly partial aggregates, combined per
    // bucket exactly as the raw query would (last: the latest time, then the greatest id). The bucket origin is a whole
    // hour, so every hour falls into one bucket.
    private const string SelectHourlyBuckets = """
        WITH device AS (SELECT tenant_id FROM devices WHERE id = @DeviceId),
        edges AS (
            SELECT id, ts, ("values" ->> @Metric)::float8 AS v FROM readings
            WHERE tenant_id = (SELECT tenant_id FROM device) AND device_id = @DeviceId
              AND ts >= @From AND ts < @WholeFrom AND "values" ? @Metric
            UNION ALL
            SELECT id, ts, ("values" ->> @Metric)::float8 AS v FROM readings
            WHERE tenant_id = (SELECT tenant_id FROM device) AND device_id = @DeviceId
              AND ts >= @WholeTo AND ts < @To AND "values" ? @Metric
        ), hours AS (
            SELECT hour, min, max, sum, count, last_ts, last_id, last FROM readings_hourly
            WHERE tenant_id = (SELECT tenant_id FROM device) AND device_id = @DeviceId AND metric = @Metric
              AND hour >= @WholeFrom AND hour < @WholeTo
            UNION ALL
            SELECT ts, v, v, v, 1, ts, id, v FROM edges
        )
        SELECT date_bin(@Bucket, hour, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS Ts,
               min(min) AS Min, max(max) AS Max, sum(sum) / sum(count) AS Mean,
               (array_agg(last ORDER BY last_ts DESC, last_id DESC))[1] AS Last, sum(count)::bigint AS Count
        FROM hours
        GROUP BY 1
        ORDER BY 1
        """;

    // The raw bucket query sorts and hashes every reading of the window: room for that in memory, for this transaction.
    private const string RaiseWorkMem = "SET LOCAL work_mem = '32MB'";

    public static RouteGroupBuilder MapReadingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/devices/{deviceId}/readings", GetAsync);
        return api;
    }

    /// <summary>
    /// The whole hours inside [start, end): from the first hour boundary at or after start to the last at or before end;
    /// an empty range at start when the window holds no whole hour (its readings are then all read raw).
    /// </summary>
    internal static (DateTimeOffset From, DateTimeOffset To) WholeHours(DateTimeOffset start, DateTimeOffset end)
    {
        var from = new DateTimeOffset(start.UtcTicks + ((TimeSpan.TicksPerHour - (start.UtcTicks % TimeSpan.TicksPerHour)) % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var to = new DateTimeOffset(end.UtcTicks - (end.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        return from < to ? (from, to) : (start, start);
    }

    internal sealed record RawReading(string Id, DateTime Ts, string ValuesJson);

    internal sealed record BucketPoint(DateTime Ts, double Min, double Max, double Mean, double Last, long Count);

    private static async Task<IResult> GetAsync(
        string deviceId,
        string? metric,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? bucket,
        int? limit,
        TenantScope scope,
        TenantDatabase database,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var end = (to ?? timeProvider.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end - DefaultWindow).ToUniversalTime();
        if (start >= end)
        {
            return TypedResults.Problem("from must be before to", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "read-readings");
        var (connection, transaction) = (session.Connection, session.Transaction);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(DeviceVisible, new { DeviceId = deviceId }, transaction, cancellationToken: cancellationToken)))
        {
            return TypedResults.Problem($"no device {deviceId}", statusCode: StatusCodes.Status404NotFound);
        }

        if (bucket is null)
        {
            var rows = await connection.QueryAsync<RawReading>(new CommandDefinition(SelectRaw, new
            {
                DeviceId = deviceId,
                Metric = metric,
                From = start,
                To = end,
                Limit = Math.Clamp(limit ?? MaxRawReadings, 1, MaxRawReadings),
            }, transaction, cancellationToken: cancellationToken));
            return TypedResults.Ok(new
            {
                deviceId,
                from = start,
                to = end,
                readings = rows.Select(row => new { row.Id, row.Ts, Values = JsonSerializer.Deserialize(row.ValuesJson, TelemetryJson.Default.DictionaryStringDouble) }),
            });
        }

        if (!BucketSize.TryParse(bucket, out var size))
        {
            return TypedResults.Problem($"bucket \"{bucket}\" is not a size like 30s, 5m, 1h or 1d (1s to 31d)", statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrEmpty(metric))
        {
            return TypedResults.Problem("bucket needs a metric", statusCode: StatusCodes.Status400BadRequest);
        }

        if ((end - start) / size > MaxBuckets)
        {
            return TypedResults.Problem($"more than {MaxBuckets} buckets; choose a larger bucket or a shorter window", statusCode: StatusCodes.Status400BadRequest);
        }

        IEnumerable<BucketPoint> points;
        if (size.Ticks % TimeSpan.TicksPerHour == 0)
        {
            var (wholeFrom, wholeTo) = WholeHours(start, end);
            points = await connection.QueryAsync<BucketPoint>(new CommandDefinition(SelectHourlyBuckets, new
            {
                DeviceId = deviceId,
                Metric = metric,
                From = start,
                To = end,
                WholeFrom = wholeFrom,
                WholeTo = wholeTo,
                Bucket = size,
            }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(RaiseWorkMem, transaction: transaction, cancellationToken: cancellationToken));
            points = await connection.QueryAsync<BucketPoint>(new CommandDefinition(SelectBuckets, new
            {
                DeviceId = deviceId,
                Metric = metric,
                From = start,
                To = end,
                Bucket = size,
            }, transaction, cancellationToken: cancellationToken));
        }

        return TypedResults.Ok(new { deviceId, metric, bucket, from = start, to = end, points });
    }
}
