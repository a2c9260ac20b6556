using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tests.Zones;
using Edge.Telemetry;
using Npgsql;

namespace Edge.Cloud.Tests.Tenancy;

/// <summary>
/// Every endpoint, for every role, on the caller's own municipality and on another: what comes back, and that nothing
/// of another municipality is ever written.
/// </summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class AuthorizationMatrixTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private const string Password = "matrix-password";
    private static readonly string[] Roles = ["superadmin", "admin", "operator", "technician", "viewer"];
    private static readonly Guid OwnZone = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid ForeignZone = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid OwnProfile = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid ForeignProfile = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid OwnAlert = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid ForeignAlert = Guid.Parse("00000000-0000-0000-0000-0000000000c2");
    private static readonly string OwnArea = GeoJson.Square(37.14, -0.74, 37.17, -0.70);
    private static readonly string ForeignArea = GeoJson.Square(36.78, -1.32, 36.82, -1.28);
    private readonly CloudApp _app = cloud.App;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var endpoint in new[]
            {
                "/api/v1/devices/{device}", "/api/v1/devices/{device}/readings", "/api/v1/zones/{zone}", "/api/v1/zones/{zone}/devices",
                "/api/v1/zones/{zone}/summary", "/api/v1/municipalities/{municipality}/boundary", "/api/v1/profiles/{profile}", "/api/v1/alerts/{alert}",
                "/api/v1/cap/{alert}", "/api/v1/municipalities/{municipality}/cap/feed", "/api/v1/zones/{zone}/warning-level",
            })
            {
                data.Add(role, endpoint, "own");
                data.Add(role, endpoint, "foreign");
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        if (await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM users WHERE email LIKE 'matrix-%'") > 0)
        {
            return;
        }

        using (var gateway = _app.CreateGatewayClient())
        {
            (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 1, "matrix-own", TestData.Now, ("rain_mm", 1))),
                TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "matrix-other", "gw-matrix-other", "matrix-other-admin@x.local", Password);
        using (var other = _app.CreateGatewayClient(otherKey))
        {
            (await other.PostAsJsonAsync("/api/v1/ingest", TestData.Batch("gw-matrix-other", TestData.Reading("gw-matrix-other", 1, "matrix-foreign", TestData.Now, ("rain_mm", 2))),
                TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        var ours = await connection.ExecuteScalarAsync<Guid>("SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId });
        foreach (var role in Roles)
        {
            await connection.ExecuteAsync(
                "INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES (@tenant, @email, @email, @role, @hash)",
                new { tenant = role == "superadmin" ? (Guid?)null : ours, email = $"matrix-{role}@x.local", role, hash = PasswordHasher.Hash(Password) });
        }

        var theirs = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM tenants WHERE slug = 'matrix-other'");
        foreach (var (zone, tenant, area) in new[] { (OwnZone, ours, OwnArea), (ForeignZone, theirs, ForeignArea) })
        {
            await connection.ExecuteAsync("""
                INSERT INTO zones (id, tenant_id, name, kind, area, population, created_by, updated_by)
                VALUES (@zone, @tenant, 'matrix zone', 'village', ST_Multi(ST_GeomFromGeoJSON(@area))::geography, 100, 'setup', 'setup')
                """, new { zone, tenant, area });
        }

        foreach (var (profile, tenant) in new[] { (OwnProfile, ours), (ForeignProfile, theirs) })
        {
            await connection.ExecuteAsync(
                "INSERT INTO device_profiles (id, tenant_id, name, device_type, codec) VALUES (@profile, @tenant, 'matrix profile', 'river_level', 'json')",
                new { profile, tenant });
        }

        foreach (var (alert, device) in new[] { (OwnAlert, "matrix-own"), (ForeignAlert, "matrix-foreign") })
        {
            await InsertAlertAsync(connection, alert, device);
        }
    }

    private static Task<int> InsertAlertAsync(NpgsqlConnection connection, Guid alert, string device) => connection.ExecuteAsync("""
        INSERT INTO alerts (id, tenant_id, device_id, origin, rule, metric, severity, value, threshold, raised_at)
        SELECT @alert, tenant_id, id, 'edge', 'matrix ' || @alert::text, 'water_level_m', 'critical', 2.9, 2.5, now() FROM devices WHERE id = @device
        """, new { alert, device });

    private async Task<(Guid Ours, Guid Theirs)> MunicipalitiesAsync() => (
        await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT tenant_id FROM gateways WHERE id = @id", new { id = CloudApp.GatewayId }),
        await TestData.ScalarAsync<Guid>(_app.ConnectionString, "SELECT id FROM tenants WHERE slug = 'matrix-other'"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Read_ByRoleOnOwnAndForeignMunicipality_SeesOnlyWhatItMay(string role, string endpoint, string whose)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);
        var device = whose == "own" ? "matrix-own" : "matrix-foreign";
        var (ours, theirs) = await MunicipalitiesAsync();
        var path = endpoint.Replace("{device}", device, StringComparison.Ordinal)
            .Replace("{zone}", (whose == "own" ? OwnZone : ForeignZone).ToString(), StringComparison.Ordinal)
            .Replace("{alert}", (whose == "own" ? OwnAlert : ForeignAlert).ToString(), StringComparison.Ordinal)
            .Replace("{municipality}", (whose == "own" ? ours : theirs).ToString(), StringComparison.Ordinal)
            .Replace("{profile}", (whose == "own" ? OwnProfile : ForeignProfile).ToString(), StringComparison.Ordinal);

        var response = await client.GetAsync(path);

        var expected = whose == "own" || role == "superadmin" ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("technician")]
    [InlineData("viewer")]
    public async Task ListDevices_ByAnyMunicipalRole_HasNoForeignDevice(string role)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var body = await client.GetStringAsync("/api/v1/devices");

        Assert.Contains("matrix-own", body, StringComparison.Ordinal);
        Assert.DoesNotContain("matrix-foreign", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDevices_BySuperadmin_SeesEveryMunicipalityAndIsAudited()
    {
        using var client = await _app.CreateUserClientAsync("matrix-superadmin@x.local", Password);

        var body = await client.GetStringAsync("/api/v1/devices");

        Assert.Contains("matrix-own", body, StringComparison.Ordinal);
        Assert.Contains("matrix-foreign", body, StringComparison.Ordinal);
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE actor = 'matrix-superadmin@x.local' AND action = 'superadmin:list-devices'") > 0);
    }

    /// <summary>The write endpoints of provisioning; {device} and {gateway} are fresh per case, in the own or the foreign municipality.</summary>
    private static readonly string[] WriteEndpoints =
    [
        "POST /devices", "PUT /devices/{device}", "DELETE /devices/{device}", "POST /devices/{device}/replace",
        "POST /devices/{device}/credentials", "POST /devices/{device}/api-key", "POST /devices/import",
        "POST /gateways", "POST /gateways/{gateway}/key",
    ];

    public static TheoryData<string, string, string> WriteCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var endpoint in WriteEndpoints)
            {
                data.Add(role, endpoint, "own");
                if (endpoint != "POST /gateways")
                {
                    data.Add(role, endpoint, "foreign");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WriteCases))]
    public async Task Write_ByRoleOnOwnAndForeignMunicipality_ChangesOnlyWhatItMay(string role, string endpoint, string whose)
    {
        var tag = $"{whose}-{role}-{Array.IndexOf(WriteEndpoints, endpoint)}";
        var device = "mw-" + tag;
        var gateway = "mwg-" + tag;
        var owner = whose == "own" ? CloudApp.GatewayId : "gw-matrix-other";
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO gateways (id, tenant_id, name, api_key_sha256) SELECT @gateway, tenant_id, @gateway, sha256(convert_to(@gateway, 'UTF8')) FROM gateways WHERE id = @owner;
            INSERT INTO devices (id, tenant_id, gateway_id, kind, name) SELECT @device, tenant_id, @owner, 'river_level', @device FROM gateways WHERE id = @owner;
            """, new { gateway, device, owner });
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var response = await SendAsync(client, endpoint, device, gateway, owner);

        var allowed = endpoint.Contains("gateways", StringComparison.Ordinal) ? role == "admin" : role is "admin" or "technician";
        var expected = !allowed ? HttpStatusCode.Forbidden : (endpoint, whose) switch
        {
            ("POST /devices", "own") or ("POST /devices/{device}/replace", "own") or ("POST /gateways", _) => HttpStatusCode.Created,
            ("DELETE /devices/{device}", "own") => HttpStatusCode.NoContent,
            ("POST /devices/{device}/credentials", "own") => HttpStatusCode.ServiceUnavailable, // no broker in this fixture: the device was found
            (_, "own") or ("POST /devices/import", _) => HttpStatusCode.OK,
            ("POST /devices", _) => HttpStatusCode.BadRequest, // the foreign gateway does not exist for the caller
            _ => HttpStatusCode.NotFound,
        };
        Assert.Equal(expected, response.StatusCode);
        if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.NoContent)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (whose == "foreign" || !allowed)
        {
            await AssertUntouchedAsync(device, gateway);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint, string device, string gateway, string owner)
    {
        var path = "/api/v1" + endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace("{device}", device, StringComparison.Ordinal).Replace("{gateway}", gateway, StringComparison.Ordinal);
        return endpoint switch
        {
            "POST /devices" => client.PostAsJsonAsync(path, new { id = device + "-n", gatewayId = owner }),
            "PUT /devices/{device}" => client.PutAsJsonAsync(path, new { name = "changed" }),
            "DELETE /devices/{device}" => client.DeleteAsync(path),
            "POST /devices/{device}/replace" => client.PostAsJsonAsync(path, new { newId = device + "-r" }),
            "POST /devices/import" => client.PostAsync(path, new StringContent($"id,gatewayId\n{device}-i,{owner}\n", Encoding.UTF8, "text/csv")),
            "POST /gateways" => client.PostAsJsonAsync(path, new { id = gateway + "-n" }),
            _ => client.PostAsync(path, null),
        };
    }

    /// <summary>Nothing about the device or gateway changed, nothing was created in their name, nothing was audited.</summary>
    private async Task AssertUntouchedAsync(string device, string gateway)
    {
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM devices WHERE id = @device AND name = @device AND status = 'active' AND retired_at IS NULL", new { device }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id LIKE @prefix", new { prefix = device + "-%" }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM device_credentials WHERE device_id = @device", new { device }));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM gateways WHERE id = @gateway AND api_key_sha256 = sha256(convert_to(@gateway, 'UTF8'))", new { gateway }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM gateways WHERE id LIKE @prefix", new { prefix = gateway + "-%" }));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE target LIKE @device OR target LIKE @gateway", new { device = device + "%", gateway = gateway + "%" }));
    }

    public static TheoryData<string, string, string> ZoneWriteCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var write in new[]
            {
                "POST /zones", "PUT /zones/{zone}", "PUT /municipalities/{municipality}/boundary", "DELETE /municipalities/{municipality}/boundary",
                "PUT /zones/{zone}/warning-level", "DELETE /zones/{zone}/warning-level",
            })
            {
                data.Add(role, write, "own");
                data.Add(role, write, "foreign");
            }
        }

        return data;
    }

    /// <summary>Zones: admins (and the superadmin) of the municipality; boundaries: the superadmin alone.</summary>
    private static HttpStatusCode ExpectedForZoneWrite(string role, string write, string whose) => (role, write) switch
    {
        ("admin", "PUT /zones/{zone}/warning-level" or "DELETE /zones/{zone}/warning-level") => whose == "own" ? HttpStatusCode.OK : HttpStatusCode.NotFound,
        (_, "PUT /zones/{zone}/warning-level" or "DELETE /zones/{zone}/warning-level") => HttpStatusCode.Forbidden, // the municipality's admin alone
        ("superadmin", "POST /zones") => HttpStatusCode.Created,
        ("superadmin", _) => HttpStatusCode.OK,
        ("admin", "POST /zones") => whose == "own" ? HttpStatusCode.Created : HttpStatusCode.Forbidden,
        ("admin", "PUT /zones/{zone}") => whose == "own" ? HttpStatusCode.OK : HttpStatusCode.NotFound,
        _ => HttpStatusCode.Forbidden,
    };

    [Theory]
    [MemberData(nameof(ZoneWriteCases))]
    public async Task ZoneWrite_ByRoleOnOwnAndForeignMunicipality_ChangesOnlyWhatItMay(string role, string write, string whose)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);
        var (ours, theirs) = await MunicipalitiesAsync();
        var (municipality, zone, area) = whose == "own" ? (ours, OwnZone, OwnArea) : (theirs, ForeignZone, ForeignArea);
        var boundary = whose == "own" ? GeoJson.Square(37.0, -0.9, 37.3, -0.6) : GeoJson.Square(36.7, -1.4, 36.9, -1.2);
        var name = $"matrix-{role}-{whose}-{Guid.NewGuid():N}";
        var method = write[..write.IndexOf(' ', StringComparison.Ordinal)];
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1" + write[(method.Length + 1)..]
            .Replace("{zone}", zone.ToString(), StringComparison.Ordinal).Replace("{municipality}", municipality.ToString(), StringComparison.Ordinal))
        {
            Content = write.Contains("warning-level", StringComparison.Ordinal)
                ? (method == "PUT" ? JsonContent.Create(new { level = "watch", reason = "matrix" }) : null)
                : write.Contains("boundary", StringComparison.Ordinal)
                ? (method == "PUT" ? GeoJson.Body(boundary) : null)
                : GeoJson.Body(GeoJson.Zone(name, "flood", 5, area, municipality)),
        };

        var response = await client.SendAsync(request);

        var expected = ExpectedForZoneWrite(role, write, whose);
        Assert.Equal(expected, response.StatusCode);
        if (write.Contains("warning-level", StringComparison.Ordinal))
        {
            Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, await TestData.ScalarAsync<long>(_app.ConnectionString,
                "SELECT count(*) FROM audit_log WHERE target = @zone AND actor = @actor AND action LIKE 'zone.warning-override%'",
                new { zone = zone.ToString(), actor = $"matrix-{role}@x.local" }) > 0 ? 1 : 0);
        }
        else if (!write.Contains("boundary", StringComparison.Ordinal))
        {
            var written = await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM zones WHERE name = @name AND tenant_id = @municipality", new { name, municipality });
            Assert.Equal(expected is HttpStatusCode.OK or HttpStatusCode.Created ? 1 : 0, written);
        }
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("technician")]
    [InlineData("viewer")]
    public async Task ListZonesAndNearest_ByAnyMunicipalRole_HaveNoForeignRows(string role)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var zones = await client.GetStringAsync("/api/v1/zones");
        var nearest = await client.GetStringAsync("/api/v1/devices/nearest?lat=-1.3&lon=36.8&limit=100"); // at the foreign gateway

        Assert.Contains(OwnZone.ToString(), zones, StringComparison.Ordinal);
        Assert.DoesNotContain(ForeignZone.ToString(), zones, StringComparison.Ordinal);
        Assert.Contains("matrix-own", nearest, StringComparison.Ordinal);
        Assert.DoesNotContain("matrix-foreign", nearest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListZones_BySuperadmin_SeesEveryMunicipalityAndIsAudited()
    {
        using var client = await _app.CreateUserClientAsync("matrix-superadmin@x.local", Password);

        var zones = await client.GetStringAsync("/api/v1/zones");

        Assert.Contains(OwnZone.ToString(), zones, StringComparison.Ordinal);
        Assert.Contains(ForeignZone.ToString(), zones, StringComparison.Ordinal);
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE actor = 'matrix-superadmin@x.local' AND action = 'superadmin:list-zones'") > 0);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("technician")]
    [InlineData("viewer")]
    public async Task ListProfiles_ByAnyMunicipalRole_HasNoForeignProfile(string role)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var profiles = await client.GetStringAsync("/api/v1/profiles");

        Assert.Contains(OwnProfile.ToString(), profiles, StringComparison.Ordinal);
        Assert.DoesNotContain(ForeignProfile.ToString(), profiles, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> ProfileWriteCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            data.Add(role, "POST /profiles", "own");
            foreach (var whose in new[] { "own", "foreign", "built-in" })
            {
                data.Add(role, "PUT /profiles/{profile}", whose);
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> AlertWriteCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var write in new[] { "ack", "resolve", "comment", "assign" })
            {
                data.Add(role, write, "own");
                data.Add(role, write, "foreign");
            }
        }

        return data;
    }

    /// <summary>A municipality's profiles: its technicians and admins; the built-in ones: the superadmin alone.</summary>
    private static HttpStatusCode ExpectedForProfileWrite(string role, string write, string whose) => (role, write, whose) switch
    {
        ("operator" or "viewer", _, _) => HttpStatusCode.Forbidden,
        (_, "POST /profiles", _) => HttpStatusCode.Created,
        ("superadmin", _, "built-in") or ("admin" or "technician", _, "own") => HttpStatusCode.OK,
        ("admin" or "technician", _, "foreign") => HttpStatusCode.NotFound,
        _ => HttpStatusCode.Forbidden,
    };

    [Theory]
    [MemberData(nameof(ProfileWriteCases))]
    public async Task ProfileWrite_ByRoleOnOwnForeignAndBuiltIn_ChangesOnlyWhatItMay(string role, string write, string whose)
    {
        var (ours, theirs) = await MunicipalitiesAsync();
        var profile = Guid.NewGuid();
        var original = $"mp-{role}-{whose}-{profile:N}";
        await TestData.ExecuteAsync(_app.ConnectionString,
            "INSERT INTO device_profiles (id, tenant_id, name, device_type, codec) VALUES (@profile, @tenant, @original, 'river_level', 'json')",
            new { profile, tenant = whose switch { "own" => ours, "foreign" => theirs, _ => (Guid?)null }, original });
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);
        var name = original + "-changed";
        var body = new { name, deviceType = "river_level", codec = "json", fields = new { wl = "water_level_m" } };

        var response = write == "POST /profiles"
            ? await client.PostAsJsonAsync("/api/v1/profiles", body)
            : await client.PutAsJsonAsync($"/api/v1/profiles/{profile}", body);

        var expected = ExpectedForProfileWrite(role, write, whose);
        Assert.Equal(expected, response.StatusCode);
        if (expected is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var written = await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM device_profiles WHERE name = @name", new { name });
        Assert.Equal(expected is HttpStatusCode.OK or HttpStatusCode.Created ? 1 : 0, written);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'profile.change' AND target = @profile", new { profile = profile.ToString() }));
        if (expected == HttpStatusCode.Created)
        {
            var tenant = await TestData.ScalarAsync<Guid?>(_app.ConnectionString, "SELECT tenant_id FROM device_profiles WHERE name = @name", new { name });
            Assert.Equal(role == "superadmin" ? null : ours, tenant);
        }
    }

    /// <summary>Alerts: operators and admins of the alert's municipality act; everyone else reads at most.</summary>
    [Theory]
    [MemberData(nameof(AlertWriteCases))]
    public async Task AlertWrite_ByRoleOnOwnAndForeignMunicipality_ChangesOnlyWhatItMay(string role, string write, string whose)
    {
        var alert = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(_app.ConnectionString))
        {
            await InsertAlertAsync(connection, alert, whose == "own" ? "matrix-own" : "matrix-foreign");
        }

        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var response = await client.PostAsJsonAsync($"/api/v1/alerts/{alert}/{write}",
            new { comment = "matrix", assignee = whose == "own" ? "matrix-operator@x.local" : "matrix-other-admin@x.local" });

        var expected = role is not ("admin" or "operator") ? HttpStatusCode.Forbidden
            : whose == "own" ? HttpStatusCode.OK
            : HttpStatusCode.NotFound;
        Assert.Equal(expected, response.StatusCode);
        var changed = await TestData.ScalarAsync<long>(_app.ConnectionString, """
            SELECT (SELECT count(*) FROM alert_events WHERE alert_id = @alert) + (SELECT count(*) FROM audit_log WHERE target = @target)
                 + (SELECT count(*) FROM alerts WHERE id = @alert AND (status <> 'open' OR assignee IS NOT NULL))
            """, new { alert, target = alert.ToString() });
        Assert.Equal(expected == HttpStatusCode.OK ? (write == "comment" ? 2 : 3) : 0, changed);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("technician")]
    [InlineData("viewer")]
    public async Task ListAlerts_ByAnyMunicipalRole_HasNoForeignAlert(string role)
    {
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);

        var body = await client.GetStringAsync("/api/v1/alerts?limit=1000");

        Assert.Contains(OwnAlert.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain(ForeignAlert.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("matrix-foreign", body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> ContactCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles)
        {
            foreach (var request in new[] { "GET", "POST", "PUT", "DELETE" })
            {
                data.Add(role, request, "own");
                data.Add(role, request, "foreign");
            }
        }

        return data;
    }

    /// <summary>Notification contacts: the admin of the municipality alone, and only its own.</summary>
    [Theory]
    [MemberData(nameof(ContactCases))]
    public async Task Contacts_ByRoleOnOwnAndForeignMunicipality_OnlyTheAdminOfTheMunicipality(string role, string method, string whose)
    {
        var (ours, theirs) = await MunicipalitiesAsync();
        var name = $"matrix-contact-{role}-{method}-{whose}-{Guid.NewGuid():N}";
        var contact = await TestData.ScalarAsync<Guid>(_app.ConnectionString, """
            INSERT INTO notification_contacts (tenant_id, name, channel, address, created_by, updated_by)
            VALUES (@tenant, @name, 'sms', '+254700000001', 'setup', 'setup') RETURNING id
            """, new { tenant = whose == "own" ? ours : theirs, name });
        using var client = await _app.CreateUserClientAsync($"matrix-{role}@x.local", Password);
        var body = new { name = name + "-changed", channel = "sms", address = "+254700000002", tier = 2 };

        var response = method switch
        {
            "GET" => await client.GetAsync("/api/v1/notification-contacts"),
            "POST" => await client.PostAsJsonAsync("/api/v1/notification-contacts", body),
            "PUT" => await client.PutAsJsonAsync($"/api/v1/notification-contacts/{contact}", body),
            _ => await client.DeleteAsync($"/api/v1/notification-contacts/{contact}"),
        };

        var expected = role != "admin" ? HttpStatusCode.Forbidden : (method, whose) switch
        {
            ("GET", _) => HttpStatusCode.OK,
            ("POST", _) => HttpStatusCode.Created, // always into the caller's own municipality
            ("PUT", "own") => HttpStatusCode.OK,
            ("DELETE", "own") => HttpStatusCode.NoContent,
            _ => HttpStatusCode.NotFound,
        };
        Assert.Equal(expected, response.StatusCode);
        if (method == "GET" && expected == HttpStatusCode.OK)
        {
            var list = await response.Content.ReadAsStringAsync();
            Assert.Equal(whose == "own", list.Contains(name, StringComparison.Ordinal));
        }

        var foreignUntouched = await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM notification_contacts WHERE id = @contact AND name = @name", new { contact, name });
        Assert.Equal(whose == "foreign" || expected == HttpStatusCode.Forbidden || method is "GET" or "POST" ? 1 : 0, foreignUntouched);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM notification_contacts WHERE name = @changed AND tenant_id = @theirs", new { changed = name + "-changed", theirs }));
    }
}
