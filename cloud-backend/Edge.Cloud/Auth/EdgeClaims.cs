using System.Security.Claims;

namespace Edge.Cloud.Auth;

/// <summary>The claims Edge puts in access tokens, and how to read the caller's scope back out of them.</summary>
internal static class EdgeClaims
{
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Email = "email";
    public const string Superadmin = "superadmin";

    /// <summary>The caller's municipality, or null for a superadmin (who sees all of them).</summary>
    public static Guid? TenantId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Tenant), out var tenant) ? tenant : null;

    public static string? RoleName(this ClaimsPrincipal principal) => principal.FindFirstValue(Role);

    public static bool IsSuperadmin(this ClaimsPrincipal principal) => principal.RoleName() == Superadmin;
}
