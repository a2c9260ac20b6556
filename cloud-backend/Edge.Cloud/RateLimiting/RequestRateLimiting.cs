using System.Globalization;
using System.Threading.RateLimiting;
using Edge.Cloud.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by the SHA-256 of the caller's API key or by the person's user id, so that
/// one runaway gateway, device or script slows only itself; login attempts by client address. Rejections are RFC 9457
/// problem details with Retry-After.
/// </summary>
internal static class RequestRateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) => WriteRejectionAsync(rejected);
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, settings.Value)));
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions settings)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(LoginApi.Path, StringComparison.OrdinalIgnoreCase))
        {
            return FixedWindow("login:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), settings.LoginPermitLimit, settings.Window);
        }

        if (context.Request.Headers[ApiKeys.HeaderName] is { Count: > 0 } key && !string.IsNullOrEmpty(key[0]))
        {
            return FixedWindow("key:" + Convert.ToHexStringLower(ApiKeys.Hash(key[0]!)), settings.ApiKeyPermitLimit, settings.Window);
        }

        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { } user)
        {
            return FixedWindow("user:" + user, settings.UserPermitLimit, settings.Window);
        }

        return RateLimitPartition.GetNoLimiter("anonymous");
    }

    private static RateLimitPartition<string> FixedWindow(string partition, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var detail = "too many requests for this key, user or address";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += $"; try again in {seconds.ToString(CultureInfo.InvariantCulture)} s";
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
