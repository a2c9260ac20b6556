using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Auth;

/// <summary><c>POST /api/v1/auth/login</c>: email and password for an access token; repeated failures lock the account.</summary>
internal static class LoginApi
{
    /// <summary>The login endpoint's full path (the rate limiter partitions it by client address).</summary>
    public const string Path = "/api/v1/auth/login";

    private const string SelectUser = """
        SELECT u.id AS Id, u.email AS Email, u.role AS Role, u.tenant_id AS TenantId,
               u.password_hash AS PasswordHash, u.failed_logins AS FailedLogins, u.locked_until AS LockedUntil
        FROM users u
        WHERE lower(u.email) = lower(@Email)
        """;

    private const string RecordFailure = """
        UPDATE users SET
            failed_logins = CASE WHEN failed_logins + 1 >= @MaxFailedLogins THEN 0 ELSE failed_logins + 1 END,
            locked_until  = CASE WHEN failed_logins + 1 >= @MaxFailedLogins THEN @LockUntil ELSE locked_until END
        WHERE id = @Id
        """;

    private const string RecordSuccess = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @Id";

    public static RouteGroupBuilder MapLoginApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous();
        return api;
    }

    internal sealed record LoginRequest(string? Email, string? Password);

    internal sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, string Role, string? Tenant);

    private sealed record UserRow(Guid Id, string Email, string Role, Guid? TenantId, string PasswordHash, int FailedLogins, DateTime? LockedUntil);

    private static async Task<IResult> LoginAsync(
        LoginRequest request,
        TenantDatabase database,
        AccessTokenIssuer issuer,
        IOptions<AuthOptions> options,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("email and password are required", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var session = await database.BeginForLoginAsync(request.Email, cancellationToken);
        var connection = session.Connection;
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(SelectUser, new { request.Email }, session.Transaction, cancellationToken: cancellationToken));
        var now = timeProvider.GetUtcNow();
        if (user is null)
        {
            PasswordHasher.Verify(request.Password, DummyHash.Value); // same cost whether or not the account exists
            return InvalidCredentials();
        }

        if (user.LockedUntil > now.UtcDateTime)
        {
            return TypedResults.Problem($"account locked after repeated failed logins until {user.LockedUntil:O}",
                statusCode: StatusCodes.Status401Unauthorized, title: "Account locked");
        }

        if (!PasswordHasher.Verify(request.Password, user.PasswordHash))
        {
            var settings = options.Value;
            await connection.ExecuteAsync(new CommandDefinition(RecordFailure,
                new { user.Id, settings.MaxFailedLogins, LockUntil = now + settings.LockoutDuration }, session.Transaction, cancellationToken: cancellationToken));
            await session.CommitAsync(cancellationToken);
            return InvalidCredentials();
        }

        await connection.ExecuteAsync(new CommandDefinition(RecordSuccess, new { user.Id }, session.Transaction, cancellationToken: cancellationToken));
        string? tenantSlug = null;
        if (user.TenantId is { } tenantId)
        {
            await session.EnterTenantAsync(tenantId, cancellationToken);
            tenantSlug = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT slug FROM tenants WHERE id = @TenantId", new { TenantId = tenantId }, session.Transaction, cancellationToken: cancellationToken));
        }

        await session.CommitAsync(cancellationToken);
        var (token, expiresAt) = issuer.Issue(user.Id, user.Email, user.Role, user.TenantId);
        return TypedResults.Ok(new LoginResponse(token, expiresAt, user.Role, tenantSlug));
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem("unknown email or wrong password", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");

    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString()));
}
