using Edge.Testing;

namespace Edge.Cloud.Tests.Credentials;

/// <summary>A real Mosquitto with the dynamic-security plugin, and a cloud that administers it.</summary>
public sealed class DynamicSecurityCloudFixture(PostgresServer postgres) : IAsyncLifetime
{
    public const string AdminUsername = "edge-cloud-admin";

    public string AdminPassword { get; } = Guid.NewGuid().ToString("N");

    public MosquittoBroker Broker { get; private set; } = null!;

    public CloudApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = MosquittoBroker.WithDynamicSecurity(AdminUsername, AdminPassword);
        await Broker.InitializeAsync();
        App = await CloudApp.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Broker:Address"] = Broker.Address,
            ["Broker:AdminUsername"] = AdminUsername,
            ["Broker:AdminPassword"] = AdminPassword,
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
