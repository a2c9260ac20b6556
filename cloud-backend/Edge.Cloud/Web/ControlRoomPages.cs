using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Web;

/// <summary>
/// Serves the control-room pages and their npm libraries, embedded in the assembly at build time (see the
/// <c>EdgeWebAssets</c> target of the project), so the backend needs no web folder beside it and no CDN.
/// </summary>
internal static class ControlRoomPages
{
    public static IServiceCollection AddControlRoomPages(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        return services;
    }

    public static WebApplication UseControlRoomPages(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ControlRoomPages).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapGet("/ui/config.json", (IOptions<WebOptions> options) =>
            TypedResults.Ok(new { tileUrl = options.Value.TileUrl, tileAttribution = options.Value.TileAttribution })).AllowAnonymous();
        return app;
    }
}
