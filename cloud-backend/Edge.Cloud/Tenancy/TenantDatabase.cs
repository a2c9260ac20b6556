using System.Text.Json;
using Dapper;
using Npgsql;

namespace Edge.Cloud.Tenancy;

/// <summary>
/// Opens transactions in which PostgreSQL's row-level security (sql/0004_tenancy.sql) lets through only one
/// municipality's rows, whatever the SQL asks for: the municipality is set in the transaction, not trusted to every
/// query's WHERE clause. A superadmin's transaction sees every municipality and is recorded in the audit log.
/// </summary>
internal sealed class TenantDatabase(NpgsqlDataSource dataSource)
{
    private const string Configure = """
        SELECT set_config('app.tenant_id', @TenantId, true), set_config('app.superadmin', @Superadmin, true),
               set_config('app.gateway_key', @GatewayKey, true), set_config('app.login_email', @LoginEmail, true),
               set_config('app.device_key', @DeviceKey, true)
        """;

    private const string Audit = "INSERT INTO audit_log (tenant_id, actor, action, target, details) VALUES (NULL, @Actor, @Action, @Target, @Details::jsonb)";

    /// <summary>
    /// A transaction confined to the scope's municipality; for a superadmin, unconfined, after the session was recorded
    /// in the audit log (committed on its own, so that it stays recorded whatever becomes of the transaction).
    /// </summary>
    public async Task<TenantTransaction> BeginAsync(TenantScope scope, CancellationToken cancellationToken, string? auditAction = null)
    {
        if (scope.IsSuperadmin)
        {
            await using var audit = await OpenAsync(new Lookup(Superadmin: true), cancellationToken);
            await audit.Connection.ExecuteAsync(new CommandDefinition(Audit, new
            {
                scope.Actor,
                Action = "superadmin:" + (auditAction ?? "session"),
                Target = (string?)null,
                Details = JsonSerializer.Serialize(new { role = scope.Role }),
            }, audit.Transaction, cancellationToken: cancellationToken));
            await audit.CommitAsync(cancellationToken);
        }

        return await OpenAsync(new Lookup(TenantId: scope.TenantId?.ToString() ?? string.Empty, Superadmin: scope.IsSuperadmin), cancellationToken);
    }

    /// <summary>A transaction that sees only the gateway holding this key (its SHA-256), to find out who is calling.</summary>
    public Task<TenantTransaction> BeginForGatewayKeyAsync(byte[] keyHash, CancellationToken cancellationToken) =>
        OpenAsync(new Lookup(GatewayKey: Convert.ToHexStringLower(keyHash)), cancellationToken);

    /// <summary>A transaction that sees only the credentials of the device holding this API key (its SHA-256).</summary>
    public Task<TenantTransaction> BeginForDeviceKeyAsync(byte[] keyHash, CancellationToken cancellationToken) =>
        OpenAsync(new Lookup(DeviceKey: Convert.ToHexStringLower(keyHash)), cancellationToken);

    /// <summary>
    /// An unconfined transaction for the backend's own scheduled work across municipalities (escalation, notification
    /// delivery), which acts for no person. Never for a request.
    /// </summary>
    public Task<TenantTransaction> BeginForSystemAsync(CancellationToken cancellationToken) =>
        OpenAsync(new Lookup(Superadmin: true), cancellationToken);

    /// <summary>A transaction that sees only the user with this email, to check a login.</summary>
    public Task<TenantTransaction> BeginForLoginAsync(string email, CancellationToken cancellationToken) =>
        OpenAsync(new Lookup(LoginEmail: email), cancellationToken);

    private async Task<TenantTransaction> OpenAsync(Lookup lookup, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(Configure, new
            {
                lookup.TenantId,
                Superadmin = lookup.Superadmin ? "on" : string.Empty,
                lookup.GatewayKey,
                lookup.LoginEmail,
                lookup.DeviceKey,
            }, transaction, cancellationToken: cancellationToken));
            return new TenantTransaction(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a transaction is set to see: a municipality, everything (superadmin), or one credential's row.</summary>
    private sealed record Lookup(string TenantId = "", bool Superadmin = false, string GatewayKey = "", string LoginEmail = "", string DeviceKey = "");
}

/// <summary>An open connection and its tenant-confined transaction; disposing without <see cref="CommitAsync"/> rolls back.</summary>
internal sealed class TenantTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    /// <summary>Confines the rest of the transaction to one municipality (after a credential lookup established whose it is).</summary>
    public Task EnterTenantAsync(Guid tenantId, CancellationToken cancellationToken) => Connection.ExecuteAsync(new CommandDefinition(
        "SELECT set_config('app.tenant_id', @Tenant, true)", new { Tenant = tenantId.ToString() }, Transaction, cancellationToken: cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
