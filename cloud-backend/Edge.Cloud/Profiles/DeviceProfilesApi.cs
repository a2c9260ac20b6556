using System.Text.Json;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Cloud.Profiles;

/// <summary>
/// Device profiles (docs/codecs.md): <c>GET /api/v1/profiles</c> and <c>GET /profiles/{id}</c> for every role (the
/// municipality's own profiles and the built-in ones), <c>POST /profiles</c> and <c>PUT /profiles/{id}</c> for a
/// municipality's technicians and admins (its own profiles) and for a superadmin (the built-in profiles every
/// municipality shares). A codec is loaded and tried on the profile's sample frame before it is saved; a bad one is a
/// 400 with the reason. Every change is in the audit log, written in the transaction that makes it.
/// </summary>
internal static class DeviceProfilesApi
{
    public static RouteGroupBuilder MapDeviceProfilesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/profiles", ListAsync);
        api.MapGet("/profiles/{profileId:guid}", GetAsync);
        var writes = api.MapGroup("/profiles").RequireAuthorization(EdgePolicies.ProfileEditing);
        writes.MapPost(string.Empty, CreateAsync);
        writes.MapPut("/{profileId:guid}", UpdateAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "list-profiles");
        return TypedResults.Text(await ProfileRows.ListAsync(session, cancellationToken), "application/json");
    }

    private static async Task<IResult> GetAsync(Guid profileId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "get-profile");
        return await ProfileRows.ReadAsync(session, profileId, cancellationToken) is { } json ? TypedResults.Text(json, "application/json") : NoSuchProfile(profileId);
    }

    private static async Task<IResult> CreateAsync(ProfileDraft draft, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var errors = draft.Check();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The profile cannot be saved as described");
        }

        var id = Guid.NewGuid();
        await using var session = await database.BeginAsync(scope, cancellationToken, "create-profile");
        if (!await ProfileRows.InsertAsync(session, id, scope.TenantId, draft, scope.Actor, cancellationToken))
        {
            return NameTaken(draft.Name!);
        }

        await AuditLog.WriteAsync(session, scope, "profile.create", id.ToString(), draft, cancellationToken);
        var json = await ProfileRows.ReadAsync(session, id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new CreatedAt(Results.Text(json, "application/json", statusCode: StatusCodes.Status201Created), $"/api/v1/profiles/{id}");
    }

    private static async Task<IResult> UpdateAsync(Guid profileId, ProfileDraft draft, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "change-profile");
        if (await ProfileRows.FindAsync(session, profileId, cancellationToken) is not { } stored)
        {
            return NoSuchProfile(profileId);
        }

        if (stored.TenantId is null != scope.IsSuperadmin)
        {
            return TypedResults.Problem(
                scope.IsSuperadmin ? "a municipality's own profile is changed by its people" : "a built-in profile is shared by every municipality and changed only by a superadmin",
                statusCode: StatusCodes.Status403Forbidden);
        }

        var errors = draft.Check(stored.SamplePayload, stored.SampleFPort);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The profile cannot be saved as described");
        }

        var before = await ProfileRows.ReadAsync(session, profileId, cancellationToken);
        if (!await ProfileRows.UpdateAsync(session, profileId, draft, scope.Actor, cancellationToken))
        {
            return NameTaken(draft.Name!);
        }

        await AuditLog.WriteAsync(session, scope, "profile.change", profileId.ToString(), new { before = JsonSerializer.Deserialize<JsonElement>(before!), after = draft }, cancellationToken);
        var json = await ProfileRows.ReadAsync(session, profileId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Text(json!, "application/json");
    }

    private static ProblemHttpResult NoSuchProfile(Guid profileId) =>
        TypedResults.Problem($"no profile {profileId}", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NameTaken(string name) =>
        TypedResults.Problem($"a profile named {name} already exists here", statusCode: StatusCodes.Status409Conflict, title: "Profile name taken");

    /// <summary>A result with a Location header.</summary>
    private sealed class CreatedAt(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
