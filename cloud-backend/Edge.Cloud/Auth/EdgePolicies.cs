using Microsoft.AspNetCore.Authorization;

namespace Edge.Cloud.Auth;

/// <summary>Who may change what: provisioning is for a municipality's technicians and admins, gateways for its admins.</summary>
internal static class EdgePolicies
{
    /// <summary>Devices: provision, change, replace, retire, import, credentials (CONTRACTS section 5: technician, admin).</summary>
    public const string Provisioning = "provisioning";

    /// <summary>Gateways: register, rotate keys (admin).</summary>
    public const string MunicipalAdmin = "municipal-admin";

    /// <summary>Device profiles: a municipality's own (technician, admin), the built-in ones (superadmin).</summary>
    public const string ProfileEditing = "profile-editing";

    /// <summary>Alerts: acknowledge, resolve, comment, assign (operator, admin; viewers and technicians read).</summary>
    public const string AlertHandling = "alert-handling";

    public static AuthorizationBuilder AddEdgePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Provisioning, policy => policy.RequireRole("admin", "technician"))
        .AddPolicy(MunicipalAdmin, policy => policy.RequireRole("admin"))
        .AddPolicy(ProfileEditing, policy => policy.RequireRole("admin", "technician", "superadmin"))
        .AddPolicy(AlertHandling, policy => policy.RequireRole("admin", "operator"));
}
