using System.Reflection;
using Edge.Cloud.Auth;

namespace Edge.Cloud.Tenancy;

/// <summary>
/// The municipality a request may see, from the caller's token: one tenant, or every tenant for a superadmin
/// (<see cref="TenantId"/> null). Bound as an endpoint parameter; a token with neither is refused.
/// </summary>
internal sealed record TenantScope(Guid? TenantId)
{
    public static ValueTask<TenantScope?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var user = context.User;
        if (user.IsSuperadmin())
        {
            return ValueTask.FromResult<TenantScope?>(new TenantScope((Guid?)null));
        }

        if (user.TenantId() is { } tenant)
        {
            return ValueTask.FromResult<TenantScope?>(new TenantScope(tenant));
        }

        throw new BadHttpRequestException("the access token names no municipality", StatusCodes.Status403Forbidden);
    }
}
