namespace Edge.Observability;

/// <summary>The meters every Edge service exposes: its own, the MQTT client's, and the runtime's and web server's.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static readonly IReadOnlyList<string> DefaultMeterPrefixes =
        ["Edge.", "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"];
}
