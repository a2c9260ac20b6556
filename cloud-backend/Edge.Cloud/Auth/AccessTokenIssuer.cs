using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Edge.Cloud.Auth;

/// <summary>Issues signed JWT access tokens for people who logged in.</summary>
internal sealed class AccessTokenIssuer(IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid userId, string email, string role, Guid? tenantId)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var expiresAt = now + settings.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId.ToString(),
            [EdgeClaims.Email] = email,
            [EdgeClaims.Role] = role,
        };
        if (tenantId is { } tenant)
        {
            claims[EdgeClaims.Tenant] = tenant.ToString();
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(settings.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    public static TokenValidationParameters ValidationParameters(AuthOptions settings) => new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = settings.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKeyBytes()),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = EdgeClaims.Email,
        RoleClaimType = EdgeClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
