using System.Net.Http.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>Readings are partitioned by week of measurement time; each id is still stored at most once across weeks.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class IngestPartitionTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task<IngestResponse> PostAsync(params Reading[] readings)
    {
        using var client = _app.CreateGatewayClient();
        var response = await client.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, readings), TelemetryJson.Default.IngestBatch);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse))!;
    }

    private Task<long> CountAsync(string id) =>
        TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE id = @id", new { id });

    [Fact]
    public async Task Ingest_ResendAfterLaterReadingsInAnotherWeek_IsADuplicate()
    {
        var early = TestData.Reading(CloudApp.GatewayId, 100, "pt-100", TestData.Now.AddDays(-14), ("rain_mm", 1));
        await PostAsync(early);
        await PostAsync(TestData.Reading(CloudApp.GatewayId, 101, "pt-100", TestData.Now, ("rain_mm", 2)));

        var again = await PostAsync(early);

        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));
        Assert.Empty(again.Rejected);
        Assert.Equal(1, await CountAsync(early.Id));
    }

    [Fact]
    public async Task Ingest_IdReusedForAReadingOfAnotherWeek_IsRefusedAndNotStoredTwice()
    {
        var first = TestData.Reading(CloudApp.GatewayId, 200, "pt-200", TestData.Now.AddDays(-21), ("rain_mm", 1));
        await PostAsync(first);

        var result = await PostAsync(first with { Ts = TestData.Now, ReceivedAt = TestData.Now });

        Assert.Equal((0, 0), (result.Accepted, result.Duplicates));
        Assert.StartsWith(IngestRejectionReasons.IdReused, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        Assert.True(result.JournalFloor >= 200);
        Assert.Equal(1, await CountAsync(first.Id));
    }

    [Fact]
    public async Task Ingest_NewReadingBelowTheHighestSequence_IsStored()
    {
        await PostAsync(TestData.Reading(CloudApp.GatewayId, 310, "pt-300", TestData.Now, ("rain_mm", 1)));

        // An alarm lane may forward later ids first: a lower new id is a new reading, not a duplicate.
        var result = await PostAsync(TestData.Reading(CloudApp.GatewayId, 305, "pt-300", TestData.Now.AddDays(-7), ("rain_mm", 3)));

        Assert.Equal((1, 0), (result.Accepted, result.Duplicates));
        Assert.Equal(1, await CountAsync($"{CloudApp.GatewayId}:305"));
    }

    [Fact]
    public async Task Ingest_ReadingOlderThanEveryPartition_IsKeptInTheDefaultPartition()
    {
        var old = TestData.Reading(CloudApp.GatewayId, 400, "pt-400", TestData.Now.AddDays(-400), ("rain_mm", 1));

        var result = await PostAsync(old);
        var again = await PostAsync(old);

        Assert.Equal(1, result.Accepted);
        Assert.Equal(1, again.Duplicates);
        Assert.Equal("readings_default", await TestData.ScalarAsync<string>(_app.ConnectionString,
            "SELECT tableoid::regclass::text FROM readings WHERE id = @Id", new { old.Id }));
    }

    [Fact]
    public async Task Ingest_CurrentReading_IsInItsWeeksPartition()
    {
        var now = TimeProvider.System.GetUtcNow();
        var reading = TestData.Reading(CloudApp.GatewayId, 500, "pt-500", now.AddMinutes(-1), ("rain_mm", 1));

        await PostAsync(reading);

        var monday = now.UtcDateTime.Date.AddDays(-(((int)now.UtcDateTime.DayOfWeek + 6) % 7));
        Assert.Equal($"readings_{monday:yyyyMMdd}", await TestData.ScalarAsync<string>(_app.ConnectionString,
            "SELECT tableoid::regclass::text FROM readings WHERE id = @Id", new { reading.Id }));
    }
}
