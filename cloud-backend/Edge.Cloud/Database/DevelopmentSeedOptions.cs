namespace Edge.Cloud.Database;

/// <summary>
/// A development municipality, gateway and admin created at start when <see cref="Enabled"/> (section <c>Seed</c>).
/// The set-up command generates the key and password on first run, keeps them in <c>.edge/dev.env</c> (never
/// committed) and prints them. Refused outside the Development environment.
/// </summary>
public sealed class DevelopmentSeedOptions
{
    public const string Section = "Seed";

    public bool Enabled { get; set; }

    public string TenantSlug { get; set; } = "dev-town";

    public string TenantName { get; set; } = "Development Municipality";

    public string GatewayId { get; set; } = "gw-dev-01";

    /// <summary>The gateway's API key (only its hash is stored).</summary>
    public string? GatewayApiKey { get; set; }

    /// <summary>Where the gateway stands; auto-registered devices are placed around it. Default: a hillside in Murang'a, Kenya.</summary>
    public double GatewayLatitude { get; set; } = -0.7210;

    public double GatewayLongitude { get; set; } = 37.1526;

    public string AdminEmail { get; set; } = "admin@dev-town.local";

    public string? AdminPassword { get; set; }
}
