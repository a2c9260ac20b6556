using Edge.Testing;

namespace Edge.Cloud.Tests;

/// <summary>One cloud app (and database) per test class; subclasses change its settings.</summary>
public class CloudAppFixture(PostgresServer postgres) : IAsyncLifetime
{
    public CloudApp App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync() => App = await CloudApp.StartAsync(postgres, Settings);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>A cloud that registers unknown devices on first sight (as the development set-up does).</summary>
public sealed class AutoRegisteringCloudFixture(PostgresServer postgres) : CloudAppFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Ingest:AutoRegisterUnknownDevices"] = "true" };
}
