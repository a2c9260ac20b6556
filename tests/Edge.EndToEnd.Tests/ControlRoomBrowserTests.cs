using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Edge.EndToEnd.Tests.Platform;
using Microsoft.Playwright;

namespace Edge.EndToEnd.Tests;

/// <summary>The control-room page in Debian's Chromium, headless: log in, watch a marker appear for a new reading, see the zones.</summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class ControlRoomBrowserTests(LocalPlatform platform)
{
    [Fact]
    public async Task ControlRoom_ReadingPublishedDuringTheTest_AppearsAsMarkerOnTheMap()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };

        await page.GotoAsync(platform.CloudUrl.ToString());
        await page.GetByLabel("Email").FillAsync(LocalPlatform.AdminEmail);
        await page.GetByLabel("Password").FillAsync(platform.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.Locator("#connection[data-state='live']").WaitForAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#login")).ToBeHiddenAsync();

        await Sensor.PublishAsync(platform.Broker, "devices/e2e-browser-1/telemetry",
            Sensor.Telemetry(Sensor.AnHourAgo, 1, "water_level_m", 3.21));

        await page.Locator(".device-marker[data-device-id='e2e-browser-1']").WaitForAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("tr[data-device-id='e2e-browser-1'] .latest")).ToContainTextAsync("water_level_m 3.21");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task ControlRoom_ZoneCreatedThroughTheApi_IsDrawnOnTheMapWithItsName()
    {
        using (var http = new HttpClient { BaseAddress = platform.CloudUrl })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await platform.LoginAsync());
            var zone = """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[37.14,-0.73],[37.16,-0.73],[37.16,-0.71],[37.14,-0.71],[37.14,-0.73]]]},
                 "properties":{"name":"E2E lower valley","kind":"flood","population":850}}
                """;
            var created = await http.PostAsync("api/v1/zones", new StringContent(zone, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(platform.CloudUrl.ToString());
        await page.GetByLabel("Email").FillAsync(LocalPlatform.AdminEmail);
        await page.GetByLabel("Password").FillAsync(platform.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        var polygon = page.Locator("path.zone-flood").First;
        await polygon.WaitForAsync(new() { Timeout = 15_000 });
        await polygon.HoverAsync(new() { Force = true });
        await Assertions.Expect(page.Locator(".leaflet-tooltip")).ToContainTextAsync("E2E lower valley");
    }
}
