using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Notifications;

/// <summary>
/// A municipality's notification contacts and their tiers (admin): <c>GET/POST /api/v1/notification-contacts</c>,
/// <c>PUT/DELETE /api/v1/notification-contacts/{id}</c>. Every change is audited with before and after.
/// </summary>
internal static class NotificationContactsApi
{
    private const string Columns = """
        id AS Id, name AS Name, channel AS Channel, address AS Address, tier AS Tier, enabled AS Enabled,
        created_at AS CreatedAt, created_by AS CreatedBy, updated_at AS UpdatedAt, updated_by AS UpdatedBy
        """;

    private const string SelectAll = $"SELECT {Columns} FROM notification_contacts ORDER BY tier, name, id";

    private const string SelectOne = $"SELECT {Columns} FROM notification_contacts WHERE id = @Id";

    private const string Insert = $"""
        INSERT INTO notification_contacts (tenant_id, name, channel, address, tier, enabled, created_at, created_by, updated_at, updated_by)
        VALUES (@TenantId, @Name, @Channel, @Address, @Tier, @Enabled, @Now, @Actor, @Now, @Actor)
        RETURNING {Columns}
        """;

    private const string Update = $"""
        UPDATE notification_contacts SET name = @Name, channel = @Channel, address = @Address, tier = @Tier, enabled = @Enabled,
            updated_at = @Now, updated_by = @Actor
        WHERE id = @Id
        RETURNING {Columns}
        """;

    private const string Delete = "DELETE FROM notification_contacts WHERE id = @Id";

    public static RouteGroupBuilder MapNotificationContactsApi(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/notification-contacts").RequireAuthorization(EdgePolicies.MunicipalAdmin);
        contacts.MapGet(string.Empty, ListAsync);
        contacts.MapPost(string.Empty, CreateAsync);
        contacts.MapPut("/{contactId:guid}", ChangeAsync);
        contacts.MapDelete("/{contactId:guid}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "list-contacts");
        return TypedResults.Ok((await session.Connection.QueryAsync<ContactView>(new CommandDefinition(SelectAll, transaction: session.Transaction, cancellationToken: cancellationToken))).ToList());
    }

    private static async Task<IResult> CreateAsync(ContactInput input, TenantScope scope, TenantDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The contact cannot be saved as described");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "create-contact");
        var created = await session.Connection.QuerySingleAsync<ContactView>(new CommandDefinition(Insert, Parameters(input, scope, time, null), session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, "contact.create", created.Id.ToString(), new { after = created }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/notification-contacts/{created.Id}", created);
    }

    private static async Task<IResult> ChangeAsync(Guid contactId, ContactInput input, TenantScope scope, TenantDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The contact cannot be saved as described");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "change-contact");
        var before = await session.Connection.QuerySingleOrDefaultAsync<ContactView>(new CommandDefinition(SelectOne + " FOR UPDATE", new { Id = contactId }, session.Transaction, cancellationToken: cancellationToken));
        if (before is null)
        {
            return NoContact(contactId);
        }

        var after = await session.Connection.QuerySingleAsync<ContactView>(new CommandDefinition(Update, Parameters(input, scope, time, contactId), session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, "contact.change", contactId.ToString(), new { before, after }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(after);
    }

    private static async Task<IResult> DeleteAsync(Guid contactId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "delete-contact");
        var before = await session.Connection.QuerySingleOrDefaultAsync<ContactView>(new CommandDefinition(SelectOne + " FOR UPDATE", new { Id = contactId }, session.Transaction, cancellationToken: cancellationToken));
        if (before is null)
        {
            return NoContact(contactId);
        }

        await session.Connection.ExecuteAsync(new CommandDefinition(Delete, new { Id = contactId }, session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, "contact.delete", contactId.ToString(), new { before }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static object Parameters(ContactInput input, TenantScope scope, TimeProvider time, Guid? id) => new
    {
        Id = id,
        scope.TenantId,
        scope.Actor,
        Now = time.GetUtcNow(),
        Name = input.Name!.Trim(),
        input.Channel,
        Address = input.Address!.Trim(),
        Tier = input.Tier ?? 1,
        Enabled = input.Enabled ?? true,
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoContact(Guid contactId) => TypedResults.Problem($"no contact {contactId}", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A notification contact as the API shows it (times UTC).</summary>
internal sealed class ContactView
{
    public Guid Id { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary><c>webhook</c>, <c>email</c> or <c>sms</c>.</summary>
    public string Channel { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    /// <summary>1 is told when a critical alert is raised; each next tier when nobody acknowledged in time.</summary>
    public int Tier { get; init; }

    public bool Enabled { get; init; }

    public DateTime CreatedAt { get; init; }

    public string CreatedBy { get; init; } = string.Empty;

    public DateTime UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = string.Empty;
}
