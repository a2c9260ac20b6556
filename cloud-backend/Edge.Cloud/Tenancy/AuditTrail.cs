using Dapper;

namespace Edge.Cloud.Tenancy;

/// <summary>Writes a change made by a person into <c>audit_log</c>, in the same transaction as the change itself.</summary>
internal static class AuditTrail
{
    private const string Insert = """
        INSERT INTO audit_log (tenant_id, actor, action, target, details) VALUES (@TenantId, @Actor, @Action, @Target, @Details::jsonb)
        """;

    /// <summary>Records that <c>actor</c> did <c>action</c> to <c>target</c>; <c>details</c> is a JSON object (typically <c>before</c> and <c>after</c>).</summary>
    public static Task WriteAsync(TenantTransaction session, Guid tenantId, string actor, string action, string target, string details, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(new CommandDefinition(Insert, new { TenantId = tenantId, Actor = actor, Action = action, Target = target, Details = details },
            session.Transaction, cancellationToken: cancellationToken));
}
