using System.Reflection;
using System.Security.Claims;
using Edge.Cloud.Auth;

namespace Edge.Cloud.Tenancy;

/// <summary>
/// Whose data a request may touch, from the caller's token: one municipality (<see cref="TenantId"/>), or every
/// municipality for a superadmin (<see cref="IsSuperadmin"/>, an audited path). Bound as an endpoint parameter; a
/// token naming neither is refused.
/// </summary>
internal sealed record TenantScope(Guid? TenantId, string Actor, string Role)
{
    public bool IsSuperadmin => Role == EdgeClaims.Superadmin;

    public static TenantScope From(ClaimsPrincipal user)
    {
        var actor = user.FindFirstValue(EdgeClaims.Email) ?? user.FindFirstValue("sub") ?? "unknown";
        var role = user.RoleName() ?? string.Empty;
        if (role == EdgeClaims.Superadmin)
        {
            return new TenantScope(null, actor, role);
        }

        return user.TenantId() is { } tenant
            ? new TenantScope(tenant, actor, role)
            : throw new BadHttpRequestException("the access token names no municipality", StatusCodes.Status403Forbidden);
    }

    /// <summary>A gateway acting in its municipality (ingest).</summary>
    public static TenantScope Gateway(Guid tenantId, string gatewayId) => new(tenantId, "gateway:" + gatewayId, "gateway");

    public static ValueTask<TenantScope?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TenantScope?>(From(context.User));
}
