using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Edge.Cloud.Tests.Devices;

[Collection(CloudDatabaseCollection.Name)]
public sealed class DeviceImportApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    private static string Csv(string prefix) => $"""
        id,name,kind,latitude,longitude,gatewayId,installedOn
        {prefix}-rg-1,"Rain gauge, school",rain_gauge,-0.72,37.15,{CloudApp.GatewayId},2026-11-01
        {prefix}-rl-1,River bridge,river_level,-0.73,37.16,{CloudApp.GatewayId},
        {prefix}-bad kind,Broken,volcano,-0.73,37.16,,
        {prefix}-tm-1,Slope,tilt_meter,95,37.16,,
        {prefix}-sm-1,Field,soil_moisture,-0.74,37.17,gw-nowhere,
        {prefix}-rg-1,Twice,rain_gauge,,,,
        """;

    private async Task<JsonElement> ImportAsync(string csv, bool dryRun)
    {
        using var client = await _app.CreateUserClientAsync();
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await client.PostAsync($"/api/v1/devices/import?dryRun={(dryRun ? "true" : "false")}", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Outcomes(JsonElement result) =>
        [.. result.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("line").GetInt32()}:{r.GetProperty("outcome").GetString()}")];

    [Fact]
    public async Task Import_DryRun_ReportsEveryRowAndCreatesNothing()
    {
        var result = await ImportAsync(Csv("dry"), dryRun: true);

        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["2:valid", "3:valid", "4:invalid", "5:invalid", "6:invalid", "7:invalid"], Outcomes(result));
        var rows = result.GetProperty("rows");
        Assert.True(rows[2].GetProperty("errors").TryGetProperty("id", out _));
        Assert.True(rows[2].GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(rows[3].GetProperty("errors").TryGetProperty("latitude", out _));
        Assert.True(rows[4].GetProperty("errors").TryGetProperty("gatewayId", out _));
        Assert.Contains("already taken", rows[5].GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id LIKE 'dry-%'"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE target LIKE 'dry-%'"));
    }

    [Fact]
    public async Task Import_ForReal_CreatesTheValidRowsAndAuditsEach()
    {
        var result = await ImportAsync(Csv("real"), dryRun: false);

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(4, result.GetProperty("failed").GetInt32());
        Assert.Equal("Rain gauge, school", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT name FROM devices WHERE id = 'real-rg-1'"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id LIKE 'real-%'"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'device.create' AND target LIKE 'real-%'"));
    }

    [Theory]
    [InlineData("name,kind\nx,rain_gauge\n")]
    [InlineData("id,colour\nx,red\n")]
    [InlineData("id,name\n\"x,unclosed\n")]
    [InlineData("")]
    public async Task Import_UnreadableFile_IsBadRequestProblem(string csv)
    {
        using var client = await _app.CreateUserClientAsync();
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");

        var response = await client.PostAsync("/api/v1/devices/import", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
