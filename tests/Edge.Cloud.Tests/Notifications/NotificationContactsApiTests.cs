using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Edge.Cloud.Tests.Notifications;

/// <summary>An admin keeps the municipality's contact tiers; every change audited, bad addresses refused by field.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class NotificationContactsApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    [Fact]
    public async Task CreateChangeDelete_ByAdmin_KeepsTheListAndTheAuditLog()
    {
        using var admin = await _app.CreateUserClientAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/notification-contacts", new { name = "Duty officer", channel = "sms", address = "+254700000009", tier = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/notification-contacts/{id}", created.Headers.Location?.OriginalString);

        var changed = await admin.PutAsJsonAsync($"/api/v1/notification-contacts/{id}", new { name = "Duty officer", channel = "email", address = "duty@town.local", tier = 2, enabled = false });
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(("email", 2, false), (body.GetProperty("channel").GetString(), body.GetProperty("tier").GetInt32(), body.GetProperty("enabled").GetBoolean()));

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/notification-contacts");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id && c.GetProperty("address").GetString() == "duty@town.local");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/notification-contacts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/notification-contacts/{id}")).StatusCode);
        Assert.Equal(3, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE target = @target AND action IN ('contact.create', 'contact.change', 'contact.delete')", new { target = id.ToString() }));
    }

    [Theory]
    [InlineData("webhook", "ftp://example.org/hook", 1, "address")]
    [InlineData("sms", "0700000001", 1, "address")]
    [InlineData("email", "not an address", 1, "address")]
    [InlineData("pager", "123", 1, "channel")]
    [InlineData("webhook", "https://example.org/hook", 11, "tier")]
    public async Task Create_InvalidContact_IsRefusedByField(string channel, string address, int tier, string field)
    {
        using var admin = await _app.CreateUserClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/notification-contacts", new { name = "x", channel, address, tier });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
