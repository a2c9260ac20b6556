using System.Net;
using System.Net.Http.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>A gateway writes only for the devices assigned to it: everything else is refused per reading and dead-lettered.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class IngestDeviceAccessTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>, IAsyncLifetime
{
    private readonly CloudApp _app = cloud.App;

    public async Task InitializeAsync()
    {
        if (await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM gateways WHERE id = 'gw-neighbour'") > 0)
        {
            return;
        }

        // In our municipality: our device, a retired one, and one assigned to a neighbouring gateway.
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO gateways (id, tenant_id, name, api_key_sha256)
            SELECT 'gw-neighbour', tenant_id, 'neighbour', '\x01'::bytea FROM gateways WHERE id = @GatewayId;
            INSERT INTO devices (id, tenant_id, gateway_id, name, status)
            SELECT d.id, g.tenant_id, d.gateway_id, d.id, d.status FROM gateways g,
                (VALUES ('acc-ours', @GatewayId, 'active'), ('acc-retired', @GatewayId, 'retired'), ('acc-neighbours', 'gw-neighbour', 'active')) AS d(id, gateway_id, status)
            WHERE g.id = @GatewayId;
            """, new { CloudApp.GatewayId });
        var (tenant, _) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "acc-other", "gw-acc-other", "op@acc-other.local", "acc-password");
        await TestData.ExecuteAsync(_app.ConnectionString,
            "INSERT INTO devices (id, tenant_id, gateway_id, name) VALUES ('acc-foreign', @tenant, 'gw-acc-other', 'foreign')", new { tenant });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("acc-neighbours", "device acc-neighbours is not assigned to gateway gw-test")]
    [InlineData("acc-retired", "device acc-retired is retired")]
    [InlineData("acc-foreign", "unknown device acc-foreign: provision it first")]
    [InlineData("acc-unknown", "unknown device acc-unknown: provision it first")]
    public async Task Ingest_DeviceNotAssignedToTheGateway_IsRefusedPerReadingAndDeadLettered(string deviceId, string reason)
    {
        var seq = 10_000 + Math.Abs(StringComparer.Ordinal.GetHashCode(deviceId) % 10_000);
        var refusedId = $"{CloudApp.GatewayId}:{seq}";
        var batch = TestData.Batch(CloudApp.GatewayId,
            TestData.Reading(CloudApp.GatewayId, seq, deviceId, TestData.Now, ("rain_mm", 1)),
            TestData.Reading(CloudApp.GatewayId, seq + 20_000, "acc-ours", TestData.Now, ("rain_mm", 2)));
        using var client = _app.CreateGatewayClient();

        var response = await client.PostAsJsonAsync("/api/v1/ingest", batch, TelemetryJson.Default.IngestBatch);
        var result = (await response.Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result.Accepted);
        Assert.Equal(new IngestRejection(refusedId, reason), Assert.Single(result.Rejected));
        Assert.Equal(reason, await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT reason FROM dead_letters WHERE item_id = @refusedId", new { refusedId }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE id = @refusedId", new { refusedId }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id = 'acc-unknown'"));
    }
}
