using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Tests.Zones;
using Edge.Cloud.ZoneLevels;
using Edge.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Edge.Cloud.Tests.Alerts.AlertTestData;

namespace Edge.Cloud.Tests.ZoneLevels;

/// <summary>Zone warning levels derived from the alerts of the sensors inside, on a fake clock, and an admin's override.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class ZoneLevelRunTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private ZoneLevelRun Run(TimeProvider clock) => new(_app.Services.GetRequiredService<TenantDatabase>(),
        _app.Services.GetRequiredService<IHubContext<ControlRoomHub, IControlRoomClient>>(),
        Microsoft.Extensions.Options.Options.Create(new ZoneLevelOptions { CorroboratingSensors = 2, MinimumDwell = TimeSpan.FromMinutes(30), LowerAfter = TimeSpan.FromMinutes(15) }), clock);

    /// <summary>A zone far from everything else with two sensors inside.</summary>
    private async Task<Guid> ZoneWithSensorsAsync(string name, double lon, params string[] devices)
    {
        foreach (var (device, i) in devices.Select((d, i) => (d, i)))
        {
            await SendAsync(_app, EdgeAlert(Random.Shared.NextInt64(1_000_000, 2_000_000_000), device, "info", "cleared", 0, TestData.Now)); // registers the device, opens nothing
            await TestData.ExecuteAsync(_app.ConnectionString, "UPDATE devices SET location = ST_SetSRID(ST_MakePoint(@lon, 0.5), 4326)::geography WHERE id = @device",
                new { lon = lon + (0.001 * i), device });
        }

        return await TestData.ScalarAsync<Guid>(_app.ConnectionString, """
            INSERT INTO zones (tenant_id, name, kind, area, created_by, updated_by)
            SELECT tenant_id, @name, 'landslide', ST_Multi(ST_GeomFromGeoJSON(@area))::geography, 'test', 'test' FROM gateways WHERE id = @gateway
            RETURNING id
            """, new { name, area = GeoJson.Square(lon - 0.01, 0.49, lon + 0.01, 0.51), gateway = CloudApp.GatewayId });
    }

    private async Task<SignalRTestClient> ConnectAsync()
    {
        var token = await _app.LoginAsync(CloudApp.AdminEmail, _app.AdminPassword);
        return await SignalRTestClient.ConnectAsync(cancellationToken => _app.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri($"ws://localhost/hubs/control-room?access_token={Uri.EscapeDataString(token)}"), cancellationToken));
    }

    private Task<string> LevelAsync(Guid zone) => TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT level FROM zone_warning_states WHERE zone_id = @zone", new { zone });

    [Fact]
    public async Task Run_CorroboratedCriticalAlerts_EvacuateThenLowerOnlyAfterHysteresisAndDwell()
    {
        var zone = await ZoneWithSensorsAsync("slope A", 40.0, "zl-a1", "zl-a2");
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());

        await SendAsync(_app, EdgeAlert(5001, "zl-a1", "critical", "raised", 12, TestData.Now, rule: "displacement_mm>=10", metric: "displacement_mm", threshold: 10));
        await Run(clock).RunAsync(default);
        Assert.Equal("watch", await LevelAsync(zone)); // one sensor: not corroborated

        await SendAsync(_app, EdgeAlert(5002, "zl-a2", "critical", "raised", 11, TestData.Now.AddMinutes(1), rule: "displacement_mm>=10", metric: "displacement_mm", threshold: 10));
        clock.Advance(TimeSpan.FromMinutes(1));
        await Run(clock).RunAsync(default);
        Assert.Equal("evacuate", await LevelAsync(zone));

        await SendAsync(_app,
            EdgeAlert(5003, "zl-a1", "critical", "cleared", 2, TestData.Now.AddMinutes(5), rule: "displacement_mm>=10", metric: "displacement_mm", threshold: 8),
            EdgeAlert(5004, "zl-a2", "critical", "cleared", 2, TestData.Now.AddMinutes(5), rule: "displacement_mm>=10", metric: "displacement_mm", threshold: 8));
        clock.Advance(TimeSpan.FromMinutes(5));
        await Run(clock).RunAsync(default);
        clock.Advance(TimeSpan.FromMinutes(14));
        await Run(clock).RunAsync(default);
        Assert.Equal("evacuate", await LevelAsync(zone)); // below for 14 min: held

        clock.Advance(TimeSpan.FromMinutes(11));
        await Run(clock).RunAsync(default);
        Assert.Equal("normal", await LevelAsync(zone));

        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        var history = await connection.QueryAsync<string>("SELECT previous_level || '>' || level FROM zone_warning_events WHERE zone_id = @zone ORDER BY id", new { zone });
        Assert.Equal(["normal>watch", "watch>evacuate", "evacuate>normal"], history);
    }

    [Fact]
    public async Task Override_ByAdmin_IsInForceUntilClearedAndRecorded()
    {
        var zone = await ZoneWithSensorsAsync("village B", 41.0, "zl-b1");
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await Run(clock).RunAsync(default);
        using var admin = await _app.CreateUserClientAsync();
        await using var controlRoom = await ConnectAsync();

        var set = await admin.PutAsJsonAsync($"/api/v1/zones/{zone}/warning-level", new { level = "evacuate", reason = "cracks reported by residents" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var state = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("evacuate", "normal"), (state.GetProperty("level").GetString(), state.GetProperty("derivedLevel").GetString()));
        var pushed = await controlRoom.WaitForAsync("zoneLevel", l => l.GetProperty("zoneId").GetGuid() == zone, TimeSpan.FromSeconds(10));
        Assert.Equal(("evacuate", "override"), (pushed.GetProperty("level").GetString(), pushed.GetProperty("cause").GetString()));
        await using (var reconnected = await ConnectAsync())
        {
            var current = await reconnected.WaitForAsync("zoneLevel", l => l.GetProperty("zoneId").GetGuid() == zone, TimeSpan.FromSeconds(10));
            Assert.Equal(("evacuate", "current"), (current.GetProperty("level").GetString(), current.GetProperty("cause").GetString()));
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await Run(clock).RunAsync(default);
        Assert.Equal("evacuate", await LevelAsync(zone)); // the sensors ask for nothing: the override holds

        var cleared = await admin.DeleteAsync($"/api/v1/zones/{zone}/warning-level");
        Assert.Equal("normal", (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("level").GetString());
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/zones/{zone}/warning-level");
        Assert.Equal(["override-ended", "override"], read.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("cause").GetString()));
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE target = @target AND action LIKE 'zone.warning-override%'", new { target = zone.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/v1/zones/{zone}/warning-level", new { level = "panic", reason = "x" })).StatusCode);
    }
}
