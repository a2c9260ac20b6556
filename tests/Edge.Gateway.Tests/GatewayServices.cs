using Edge.Gateway.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Tests;

/// <summary>
/// The gateway's real composition (its <c>AddGatewayServices</c>) on a fresh data folder, for tests that start one or
/// two of its loops by themselves. Nothing is started until the test asks.
/// </summary>
internal sealed class GatewayServices : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly bool _ownsDirectory;
    private readonly WebApplication _app;

    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="dataDirectory">An existing data folder (a restart), kept afterwards; by default a new one, deleted afterwards.</param>
    public GatewayServices(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        _ownsDirectory = dataDirectory is null;
        _directory = dataDirectory is null ? Directory.CreateTempSubdirectory("edge-gateway-services-") : new DirectoryInfo(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "gw-test",
            ["Gateway:DataDirectory"] = _directory.FullName,
            ["Uplink:ApiKey"] = "unused",
            ["Uplink:CloudUrl"] = "http://127.0.0.1:9/",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddGatewayServices();
        _app = builder.Build();
        _app.OpenJournal();
    }

    public string DataDirectory => _directory.FullName;

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>One of the gateway's loops, as registered.</summary>
    public T Loop<T>()
        where T : IHostedService => _app.Services.GetServices<IHostedService>().OfType<T>().Single();

    /// <summary>Starts the whole gateway: every loop and the web server (set <c>Urls</c> to a free port).</summary>
    public Task StartAsync()
    {
        _app.MapGatewayEndpoints();
        return _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            _directory.Delete(recursive: true);
        }
    }
}
