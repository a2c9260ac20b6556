using Edge.Cloud.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddCloudServices();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapCloudEndpoints();
await app.RunAsync();

/// <summary>The cloud backend's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
