using Edge.Cloud.Alerts;
using Edge.Cloud.Auth;
using Edge.Cloud.Cap;
using Edge.Cloud.Credentials;
using Edge.Cloud.Database;
using Edge.Cloud.Devices;
using Edge.Cloud.Gateways;
using Edge.Cloud.Health;
using Edge.Cloud.Ingest;
using Edge.Cloud.Municipalities;
using Edge.Cloud.Notifications;
using Edge.Cloud.Profiles;
using Edge.Cloud.Readings;
using Edge.Cloud.Realtime;
using Edge.Cloud.Web;
using Edge.Cloud.ZoneLevels;
using Edge.Cloud.Zones;
using Edge.Observability;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Extensions;

/// <summary>The cloud backend's HTTP surface and its start-up steps.</summary>
internal static class CloudEndpointExtensions
{
    /// <summary>Migrates the database and applies the development seed before anything is served.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(app.Lifetime.ApplicationStopping);
        }

        await app.Services.GetRequiredService<DevelopmentSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
    }

    public static WebApplication MapCloudEndpoints(this WebApplication app)
    {
        // A request the framework could not bind (a body that is not JSON) is the caller's 400, in every environment:
        // Development's ThrowOnBadRequest throws it, and it must not come out as a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = error => error is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRequestDecompression();
        app.UseControlRoomPages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealthApi();
        app.Services.GetRequiredService<PrometheusMetricsCollector>(); // listen from the start: counters before the first scrape count too
        app.MapGet(MetricsEndpoint.Path, (PrometheusMetricsCollector metrics) => TypedResults.Text(metrics.Scrape(), MetricsEndpoint.ContentType)).AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapLoginApi();
        api.MapIngestApi();
        api.MapGatewayConfigApi();
        api.MapGatewayRegistrationApi();
        api.MapSensorDataApi();
        api.MapNearestDevicesApi();
        api.MapDevicesApi();
        api.MapDeviceProvisioningApi();
        api.MapDeviceImportApi();
        api.MapDeviceCredentialsApi();
        api.MapDeviceProfilesApi();
        api.MapReadingsApi();
        api.MapZonesApi();
        api.MapMunicipalityBoundaryApi();
        api.MapAlertsApi();
        api.MapNotificationContactsApi();
        api.MapCapApi();
        api.MapZoneLevelsApi();
        app.MapHub<ControlRoomHub>(ControlRoomHub.Path);
        return app;
    }
}
