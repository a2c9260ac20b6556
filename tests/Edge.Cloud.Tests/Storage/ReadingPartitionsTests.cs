using System.Net.Http.Json;
using Edge.Cloud.Storage;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Npgsql;

namespace Edge.Cloud.Tests.Storage;

/// <summary>Weekly partitions made ahead and for late readings, and retention dropping whole weeks.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class ReadingPartitionsTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private readonly CloudApp _app = cloud.App;

    private async Task PostAsync(params Reading[] readings)
    {
        using var client = _app.CreateGatewayClient();
        (await client.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, readings), TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    private Task<string> PartitionOfAsync(string id) => TestData.ScalarAsync<string>(_app.ConnectionString,
        "SELECT coalesce((SELECT tableoid::regclass::text FROM readings WHERE id = @id), 'gone')", new { id });

    private static string WeekPartition(DateTimeOffset ts)
    {
        var day = ts.UtcDateTime.Date;
        return FormattableString.Invariant($"readings_{day.AddDays(-(((int)day.DayOfWeek + 6) % 7)):yyyyMMdd}");
    }

    [Fact]
    public async Task Ensure_LateReadingInTheDefaultPartition_MovesToItsOwnWeek()
    {
        var late = TestData.Reading(CloudApp.GatewayId, 100, "part-100", Now.AddDays(-100), ("rain_mm", 1));
        await PostAsync(late);
        Assert.Equal("readings_default", await PartitionOfAsync(late.Id));
        await using var owner = NpgsqlDataSource.Create(_app.ConnectionString);

        var created = await ReadingPartitions.EnsureAsync(owner, Now, 4, Now.AddDays(-730), CancellationToken.None);

        Assert.Contains(WeekPartition(late.Ts), created);
        Assert.Equal(WeekPartition(late.Ts), await PartitionOfAsync(late.Id));
        Assert.Equal("readings_hourly_" + WeekPartition(late.Ts)["readings_".Length..], await TestData.ScalarAsync<string>(_app.ConnectionString,
            "SELECT tableoid::regclass::text FROM readings_hourly WHERE device_id = 'part-100'"));
        Assert.Contains(WeekPartition(Now.AddDays(28)), await TestData.ScalarAsync<string>(_app.ConnectionString,
            "SELECT string_agg(inhrelid::regclass::text, ',') FROM pg_inherits WHERE inhparent = 'readings'::regclass"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensure_WeeksPastTheRetention_AreNotMade()
    {
        var ancient = TestData.Reading(CloudApp.GatewayId, 200, "part-200", Now.AddDays(-900), ("rain_mm", 1));
        await PostAsync(ancient);
        await using var owner = NpgsqlDataSource.Create(_app.ConnectionString);

        var created = await ReadingPartitions.EnsureAsync(owner, Now, 4, Now.AddDays(-730), CancellationToken.None);

        Assert.DoesNotContain(WeekPartition(ancient.Ts), created);
        Assert.Equal("readings_default", await PartitionOfAsync(ancient.Id));
    }

    [Fact]
    public async Task DropOlderThan_DropsWholeOldWeeksAndOldDefaultRows_KeepsTheRest()
    {
        var old = TestData.Reading(CloudApp.GatewayId, 300, "part-300", Now.AddDays(-60), ("rain_mm", 1));
        var recent = TestData.Reading(CloudApp.GatewayId, 301, "part-300", Now.AddDays(-1), ("rain_mm", 2));
        var ancient = TestData.Reading(CloudApp.GatewayId, 302, "part-300", Now.AddDays(-1000), ("rain_mm", 3));
        await PostAsync(old, recent, ancient);
        await using var owner = NpgsqlDataSource.Create(_app.ConnectionString);
        await ReadingPartitions.EnsureAsync(owner, Now, 4, null, CancellationToken.None);

        var dropped = await ReadingPartitions.DropOlderThanAsync(owner, Now.AddDays(-30), CancellationToken.None);

        Assert.Contains(WeekPartition(old.Ts), dropped);
        Assert.DoesNotContain(WeekPartition(Now.AddDays(-30)), dropped); // the week holding the cutoff is kept whole
        Assert.Equal("gone", await PartitionOfAsync(old.Id));
        Assert.Equal("gone", await PartitionOfAsync(ancient.Id));
        Assert.Equal(WeekPartition(recent.Ts), await PartitionOfAsync(recent.Id));
        Assert.Contains("readings_hourly_" + WeekPartition(old.Ts)["readings_".Length..], dropped);
        Assert.Equal(2.0, await TestData.ScalarAsync<double>(_app.ConnectionString,
            "SELECT sum(sum) FROM readings_hourly WHERE device_id = 'part-300'")); // only the recent reading's hour is left
    }
}
