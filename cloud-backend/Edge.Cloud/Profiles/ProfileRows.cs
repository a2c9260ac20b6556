using Dapper;
using Edge.Cloud.Tenancy;
using Npgsql;

namespace Edge.Cloud.Profiles;

/// <summary>
/// The SQL of device profiles. Every statement runs in the caller's tenant-confined transaction: row-level security
/// (sql/0030) shows the municipality's own profiles and the built-in ones, and lets a municipality write only its own.
/// </summary>
internal static class ProfileRows
{
    /// <summary>The codec name of the API from the stored one.</summary>
    private const string CodecName = "CASE p.codec WHEN 'cayenne_lpp' THEN 'cayenne-lpp' ELSE p.codec END";

    /// <summary>Profile <c>p</c> as the API shows it.</summary>
    internal const string Resource = $"""
        jsonb_build_object(
            'id', p.id, 'name', p.name, 'deviceType', p.device_type, 'codec', {CodecName}, 'script', p.script,
            'fields', p.metric_mapping, 'keepUnmappedFields', p.keep_unmapped_fields, 'reportIntervalS', p.report_interval_s,
            'samplePayloadHex', encode(p.sample_payload, 'hex'), 'sampleFPort', p.sample_fport,
            'builtIn', p.tenant_id IS NULL, 'municipality', p.tenant_id,
            'devices', (SELECT count(*) FROM devices d WHERE d.profile_id = p.id AND d.status <> 'retired'),
            'createdAt', p.created_at, 'updatedAt', p.updated_at, 'updatedBy', p.updated_by)
        """;

    /// <summary>Profile <c>p</c> in the format of docs/codecs.md, as a gateway loads it (GET /gateways/{id}/config).</summary>
    internal const string CodecJson = $"""
        jsonb_build_object('id', p.id::text, 'codec', {CodecName}, 'fields', p.metric_mapping,
                           'keepUnmappedFields', p.keep_unmapped_fields, 'reportIntervalS', p.report_interval_s)
            || CASE WHEN p.script IS NULL THEN jsonb_build_object() ELSE jsonb_build_object('script', p.script) END
        """;

    private const string SelectAll = $"SELECT COALESCE(jsonb_agg({Resource} ORDER BY p.tenant_id IS NOT NULL, lower(p.name)), '[]'::jsonb)::text FROM device_profiles p";

    private const string SelectOne = $"SELECT {Resource}::text FROM device_profiles p WHERE p.id = @Id";

    private const string SelectStored = """
        SELECT tenant_id AS TenantId, sample_payload AS SamplePayload, sample_fport AS SampleFPort FROM device_profiles WHERE id = @Id
        """;

    private const string Insert = """
        INSERT INTO device_profiles (id, tenant_id, name, device_type, codec, script, metric_mapping, keep_unmapped_fields,
                                     report_interval_s, sample_payload, sample_fport, updated_by)
        VALUES (@Id, @TenantId, @Name, @DeviceType, @Codec, @Script, @Fields::jsonb, @KeepUnmappedFields,
                COALESCE(@ReportIntervalS, 60), @SamplePayload, @SampleFPort, @Actor)
        ON CONFLICT DO NOTHING
        """;

    private const string Update = """
        UPDATE device_profiles SET name = @Name, device_type = @DeviceType, codec = @Codec, script = @Script,
            metric_mapping = @Fields::jsonb, keep_unmapped_fields = @KeepUnmappedFields,
            report_interval_s = COALESCE(@ReportIntervalS, 60),
            sample_payload = COALESCE(@SamplePayload, sample_payload), sample_fport = COALESCE(@SampleFPort, sample_fport),
            updated_at = now(), updated_by = @Actor
        WHERE id = @Id
        """;

    public static async Task<string> ListAsync(TenantTransaction session, CancellationToken cancellationToken) =>
        (await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(SelectAll, transaction: session.Transaction, cancellationToken: cancellationToken)))!;

    /// <summary>The profile as the API shows it, or null when the caller cannot see it.</summary>
    public static Task<string?> ReadAsync(TenantTransaction session, Guid id, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectOne, new { Id = id }, session.Transaction, cancellationToken: cancellationToken));

    /// <summary>Whose the profile is and its stored sample, or null when the caller cannot see it.</summary>
    public static Task<StoredProfile?> FindAsync(TenantTransaction session, Guid id, CancellationToken cancellationToken) =>
        session.Connection.QuerySingleOrDefaultAsync<StoredProfile?>(new CommandDefinition(SelectStored, new { Id = id }, session.Transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts the profile; false when its name is taken among the municipality's (or the built-in) profiles.</summary>
    public static async Task<bool> InsertAsync(TenantTransaction session, Guid id, Guid? tenantId, ProfileDraft draft, string actor, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(new CommandDefinition(Insert, Parameters(id, tenantId, draft, actor), session.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Replaces the profile; false when the new name is taken.</summary>
    public static async Task<bool> UpdateAsync(TenantTransaction session, Guid id, ProfileDraft draft, string actor, CancellationToken cancellationToken)
    {
        await session.Transaction.SaveAsync("profile_update", cancellationToken);
        try
        {
            await session.Connection.ExecuteAsync(new CommandDefinition(Update, Parameters(id, null, draft, actor), session.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await session.Transaction.RollbackAsync("profile_update", cancellationToken);
            return false;
        }
    }

    private static object Parameters(Guid id, Guid? tenantId, ProfileDraft draft, string actor) => new
    {
        Id = id,
        TenantId = tenantId,
        Name = draft.Name!.Trim(),
        draft.DeviceType,
        Codec = ProfileDraft.StoredCodecs[draft.Codec!],
        draft.Script,
        Fields = draft.Fields is { } fields ? fields.GetRawText() : "{}",
        KeepUnmappedFields = draft.KeepUnmappedFields ?? false,
        draft.ReportIntervalS,
        SamplePayload = draft.SampleBytes(),
        draft.SampleFPort,
        Actor = actor,
    };

    /// <summary>A row of <see cref="SelectStored"/>, mapped by Dapper by property name.</summary>
    internal sealed class StoredProfile
    {
        public Guid? TenantId { get; init; }

        public byte[]? SamplePayload { get; init; }

        public int? SampleFPort { get; init; }
    }
}
