using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.RateLimiting;

/// <summary>
/// Requests per API key (gateways, GPRS devices), per person, and login attempts per client address (section
/// <c>RateLimits</c>), each in fixed windows; over the limit a request is answered 429 with <c>Retry-After</c>. Other
/// anonymous requests (pages, health, metrics) are not limited here.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Requests one API key may make per <see cref="Window"/>. A gateway sends one batch (up to 1,000 readings) per
    /// request, and after an outage drains its backlog as fast as the cloud takes it: 12,000 a minute (200 a second,
    /// up to 200,000 readings a second) leaves that drain alone and still stops a runaway key.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int ApiKeyPermitLimit { get; set; } = 12_000;

    /// <summary>Requests one person (token subject) may make per <see cref="Window"/>.</summary>
    [Range(1, int.MaxValue)]
    public int UserPermitLimit { get; set; } = 600;

    /// <summary>
    /// Login attempts (<c>POST /api/v1/auth/login</c>) one client address may make per <see cref="Window"/>, whatever
    /// the account: the account lockout stops guessing one password, this stops one address trying many accounts.
    /// The address is the connection's; behind a reverse proxy, configure forwarded headers so that it is the client's.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int LoginPermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
