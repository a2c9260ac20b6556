using System.Text.Json;
using Dapper;

namespace Edge.Cloud.Tenancy;

/// <summary>Records a change made by a person in <c>audit_log</c>, inside the transaction that makes the change.</summary>
internal static class AuditLog
{
    private const string Insert = """
        INSERT INTO audit_log (tenant_id, actor, action, target, details) VALUES (@TenantId, @Actor, @Action, @Target, @Details::jsonb)
        """;

    public static Task WriteAsync(TenantTransaction session, TenantScope scope, string action, string target, object details, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            scope.TenantId,
            scope.Actor,
            Action = action,
            Target = target,
            Details = JsonSerializer.Serialize(details),
        }, session.Transaction, cancellationToken: cancellationToken));
}
