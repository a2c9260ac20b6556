using Edge.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayServices();

var app = builder.Build();
app.OpenJournal();
app.MapGatewayEndpoints();
await app.RunAsync();

/// <summary>The gateway's entry point (public for tests that host it).</summary>
public partial class Program;
