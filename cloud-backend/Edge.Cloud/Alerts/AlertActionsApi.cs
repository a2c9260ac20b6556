using System.Text.Json;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Alerts;

/// <summary>
/// What people do to an alert (operator, admin of its municipality): <c>POST /api/v1/alerts/{id}/ack</c>,
/// <c>/resolve</c> (CONTRACTS section 5, optional <c>comment</c>), and the extensions <c>/comment</c> and <c>/assign</c>.
/// Each is an <c>alert_events</c> row and an <c>audit_log</c> row in the transaction that makes the change, pushed to
/// the control rooms after it commits. Acknowledging or resolving stops the escalation chain.
/// </summary>
internal static class AlertActionsApi
{
    private const int MaxCommentLength = 2000;

    private const string Lock = "SELECT status FROM alerts WHERE id = @AlertId FOR UPDATE";

    private const string Acknowledge = """
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = @Now, acknowledged_by = @Actor, next_escalation_at = NULL, updated_at = @Now
        WHERE id = @AlertId
        """;

    private const string Resolve = """
        UPDATE alerts SET status = 'resolved', resolved_at = @Now, resolved_by = @Actor, next_escalation_at = NULL, updated_at = @Now
        WHERE id = @AlertId
        """;

    private const string Assign = "UPDATE alerts SET assignee = @Assignee, updated_at = @Now WHERE id = @AlertId";

    private const string Touch = "UPDATE alerts SET updated_at = @Now WHERE id = @AlertId";

    private const string AppendEvent = """
        INSERT INTO alert_events (alert_id, tenant_id, event, actor, comment, details, at)
        SELECT id, tenant_id, @Event, @Actor, @Comment, @Details::jsonb, @Now FROM alerts WHERE id = @AlertId
        """;

    // Row-level security: only people of the caller's municipality are found.
    private const string PersonExists = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(@Assignee) AND tenant_id IS NOT NULL)";

    public static RouteGroupBuilder MapAlertActionsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts/{alertId:guid}").RequireAuthorization(EdgePolicies.AlertHandling);
        alerts.MapPost("/ack", (Guid alertId, AlertComment? body, TenantScope scope, TenantDatabase database, LiveAlertFeed feed, TimeProvider time, CancellationToken ct) =>
            ActAsync(alertId, new AlertAction("acknowledged", "alert.acknowledge", Acknowledge, status => status == "open"), body?.Comment, null, scope, database, feed, time, ct));
        alerts.MapPost("/resolve", (Guid alertId, AlertComment? body, TenantScope scope, TenantDatabase database, LiveAlertFeed feed, TimeProvider time, CancellationToken ct) =>
            ActAsync(alertId, new AlertAction("resolved", "alert.resolve", Resolve, status => status != "resolved"), body?.Comment, null, scope, database, feed, time, ct));
        alerts.MapPost("/comment", (Guid alertId, AlertComment? body, TenantScope scope, TenantDatabase database, LiveAlertFeed feed, TimeProvider time, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body?.Comment)
                ? Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = ["required"] }, title: "A comment needs text"))
                : ActAsync(alertId, new AlertAction("commented", "alert.comment", Touch, _ => true), body.Comment, null, scope, database, feed, time, ct));
        alerts.MapPost("/assign", AssignAsync);
        return api;
    }

    private static Task<IResult> AssignAsync(
        Guid alertId, AlertAssignment? body, TenantScope scope, TenantDatabase database, LiveAlertFeed feed, TimeProvider time, CancellationToken cancellationToken) =>
        ActAsync(alertId, new AlertAction("assigned", "alert.assign", Assign, status => status != "resolved"), body?.Comment,
            string.IsNullOrWhiteSpace(body?.Assignee) ? null : body.Assignee.Trim(), scope, database, feed, time, cancellationToken);

    private static async Task<IResult> ActAsync(
        Guid alertId, AlertAction action, string? comment, string? assignee, TenantScope scope, TenantDatabase database, LiveAlertFeed feed, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (comment is { Length: > MaxCommentLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [$"at most {MaxCommentLength} characters"] }, title: "The comment is too long");
        }

        var now = time.GetUtcNow();
        await using var session = await database.BeginAsync(scope, cancellationToken, "alert-" + action.Event);
        var status = await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(Lock, new { AlertId = alertId }, session.Transaction, cancellationToken: cancellationToken));
        if (status is null)
        {
            return AlertsApi.NoAlert(alertId);
        }

        if (!action.AllowedFrom(status))
        {
            return TypedResults.Problem($"alert {alertId} is {status}", statusCode: StatusCodes.Status409Conflict);
        }

        if (action.Event == "assigned" && assignee is not null
            && !await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(PersonExists, new { Assignee = assignee }, session.Transaction, cancellationToken: cancellationToken)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["assignee"] = [$"{assignee} is not a person of this municipality"] },
                title: "The alert cannot be assigned as described");
        }

        var parameters = new
        {
            AlertId = alertId,
            Now = now,
            scope.Actor,
            Assignee = assignee,
            action.Event,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment,
            Details = action.Event == "assigned" ? JsonSerializer.Serialize(new { assignee }) : null,
        };
        await session.Connection.ExecuteAsync(new CommandDefinition(action.Sql, parameters, session.Transaction, cancellationToken: cancellationToken));
        await session.Connection.ExecuteAsync(new CommandDefinition(AppendEvent, parameters, session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, action.Audit, alertId.ToString(), new { before = status, comment = parameters.Comment, assignee }, cancellationToken);
        var alert = (await AlertQueries.ByIdsAsync(session, [alertId], cancellationToken))[0];
        await session.CommitAsync(cancellationToken);
        feed.Publish(alert.Municipality, [new AlertChange(alertId, action.Event)]);
        return TypedResults.Ok(alert);
    }

    /// <summary>One kind of change: its event name, audit action, statement, and the statuses it may start from.</summary>
    private sealed record AlertAction(string Event, string Audit, string Sql, Func<string, bool> AllowedFrom);
}

/// <summary>The body of ack, resolve and comment: an optional comment (required for comment).</summary>
internal sealed record AlertComment(string? Comment);

/// <summary>The body of assign: a person of the municipality by email, or null to unassign.</summary>
internal sealed record AlertAssignment(string? Assignee, string? Comment);
