using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Edge.Cloud.Tests.Profiles;

[Collection(CloudDatabaseCollection.Name)]
public sealed class DeviceProfilesApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    /// <summary>A river station's codec: byte 0-1 the level in mm, byte 2-3 the battery in mV (big-endian).</summary>
    internal const string RiverScript = """
        function decodeUplink(input) {
          var b = input.bytes;
          return { data: { level_mm: (b[0] << 8) | b[1], battery_mv: (b[2] << 8) | b[3] } };
        }
        function encodeDownlink(input) {
          var s = input.data.reportIntervalS;
          return { bytes: [(s >> 8) & 255, s & 255], fPort: 10 };
        }
        """;

    private readonly CloudApp _app = cloud.App;

    internal static object RiverProfile(string name, string script = RiverScript, string? sample = "07300e42", int reportIntervalS = 300) => new
    {
        name,
        deviceType = "river_level",
        codec = "javascript",
        script,
        fields = new Dictionary<string, object>
        {
            ["level_mm"] = new { metric = "water_level_m", unit = "mm" },
            ["battery_mv"] = new { metric = "battery_v", unit = "mV" },
        },
        reportIntervalS,
        samplePayloadHex = sample,
        sampleFPort = 2,
    };

    [Fact]
    public async Task Create_JavaScriptProfile_IsServedAndAudited()
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("prof-river-js"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/profiles/{id}", response.Headers.Location?.OriginalString);
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/profiles/{id}");
        Assert.Equal("javascript", read.GetProperty("codec").GetString());
        Assert.Equal("mm", read.GetProperty("fields").GetProperty("level_mm").GetProperty("unit").GetString());
        Assert.Equal(300, read.GetProperty("reportIntervalS").GetInt32());
        Assert.False(read.GetProperty("builtIn").GetBoolean());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/profiles");
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'profile.create' AND target = @id AND actor = @actor", new { id, actor = CloudApp.AdminEmail }));
    }

    [Theory]
    [InlineData("function decodeUplink(input) { while (true) {} }", "samplePayloadHex", "timed out|ran more than|allocated")] // whichever limit a busy machine reaches first
    [InlineData("function decodeUplink(input) { return decodeUplink(input); }", "samplePayloadHex", "recursed deeper")]
    [InlineData("function decodeUplink(input) { return { data: {} ", "script", "does not parse")]
    [InlineData("function decode(input) { return { data: {} }; }", "script", "no decodeUplink")]
    [InlineData("function decodeUplink(input) { return { errors: ['unknown frame'] }; }", "samplePayloadHex", "unknown frame")]
    public async Task Create_BadJavaScriptCodec_IsProblemWithTheReason(string script, string field, string reason)
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("prof-bad-" + Guid.NewGuid().ToString("N")[..8], script));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.True(reason.Split('|').Any(r => message.Contains(r, StringComparison.Ordinal)), message);
    }

    [Fact]
    public async Task Create_JavaScriptWithoutSample_IsRefused()
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("prof-no-sample", sample: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("samplePayloadHex", out _));
    }

    [Theory]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"protobuf"}""", "codec")]
    [InlineData("""{"name":"p","deviceType":"volcano","codec":"json"}""", "deviceType")]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"json","fields":{"wl":"not_a metric"}}""", "fields")]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"json","fields":{"wl":{"metric":"water_level_m","unit":"furlong"}}}""", "fields")]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"cayenne-lpp","samplePayloadHex":"01ff"}""", "samplePayloadHex")]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"json","reportIntervalS":0}""", "reportIntervalS")]
    [InlineData("""{"name":"p","deviceType":"river_level","codec":"json","script":"function decodeUplink(i){}"}""", "script")]
    public async Task Create_InvalidProfile_IsValidationProblemNamingTheField(string body, string field)
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsync("/api/v1/profiles", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Update_ChangesTheCodecReusingTheStoredSampleAndAuditsBeforeAndAfter()
    {
        using var client = await _app.CreateUserClientAsync();
        var created = await (await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("prof-update"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        var changed = await client.PutAsJsonAsync($"/api/v1/profiles/{id}", RiverProfile("prof-update", sample: null, reportIntervalS: 900));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(900, body.GetProperty("reportIntervalS").GetInt32());
        Assert.Equal("07300e42", body.GetProperty("samplePayloadHex").GetString());
        var broken = await client.PutAsJsonAsync($"/api/v1/profiles/{id}", RiverProfile("prof-update", "function decodeUplink(input) { for (;;) {} }", sample: null));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'profile.change' AND target = @id AND details->'before'->>'reportIntervalS' = '300'", new { id }));
    }

    [Fact]
    public async Task Create_NameTakenInTheMunicipality_IsConflict()
    {
        using var client = await _app.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("prof-twice"))).StatusCode);

        var again = await client.PostAsJsonAsync("/api/v1/profiles", RiverProfile("PROF-twice"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
