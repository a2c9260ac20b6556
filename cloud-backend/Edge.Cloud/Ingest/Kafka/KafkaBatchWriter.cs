using Dapper;
using Edge.Cloud.Database;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Ingest.Kafka;

/// <summary>A record taken from Kafka, with where it came from (for the dead letter of a poison record).</summary>
internal sealed record KafkaItem(string Topic, int Partition, long Offset, byte[] Value, DecodedRecord Decoded);

/// <summary>
/// Stores what a poll of the consumer group brought: the items of each gateway as one batch through the same pipeline
/// as <c>POST /ingest</c> (validation, devices of that gateway only, each id once, dead letters), and poison records and
/// records of unknown gateways as dead letters. Returns only when everything is committed; throws when the database
/// could not take it (the consumer then commits no offset and reads the records again).
/// </summary>
internal sealed class KafkaBatchWriter(IngestPipeline pipeline, DatabaseAdministration administration)
{
    private const string Unconfined = "SELECT set_config('app.superadmin', 'on', true)";

    private const string SelectGateways = """
        SELECT id AS Id, tenant_id AS TenantId, ST_X(location::geometry) AS Longitude, ST_Y(location::geometry) AS Latitude
        FROM gateways WHERE id = ANY(@Ids);
        """;

    private const string InsertDeadLetters = """
        SELECT set_config('app.superadmin', 'on', true);
        INSERT INTO dead_letters (tenant_id, gateway_id, item_id, stage, reason, payload)
        SELECT NULL, d.gateway_id, d.item_id, 'kafka', d.reason,
               jsonb_build_object('topic', d.topic, 'partition', d.partition, 'offset', d.record_offset, 'value', d.value)
        FROM unnest(@GatewayIds::text[], @ItemIds::text[], @Reasons::text[], @Topics::text[], @Partitions::int[], @Offsets::bigint[], @RecordValues::text[])
            AS d(gateway_id, item_id, reason, topic, partition, record_offset, value);
        """;

    public async Task<int> WriteAsync(IReadOnlyList<KafkaItem> items, CancellationToken cancellationToken)
    {
        var poison = items.Where(i => i.Decoded.Poison is not null).Select(i => (Item: i, Reason: i.Decoded.Poison!)).ToList();
        var byGateway = items.Where(i => i.Decoded.Poison is null).GroupBy(i => i.Decoded.GatewayId!, StringComparer.Ordinal).ToList();
        var gateways = await FindGatewaysAsync([.. byGateway.Select(g => g.Key)], cancellationToken);
        var stored = 0;
        foreach (var group in byGateway)
        {
            if (!gateways.TryGetValue(group.Key, out var gateway))
            {
                poison.AddRange(group.Select(i => (i, $"unknown gateway {group.Key}")));
                continue;
            }

            var batch = new IngestBatch
            {
                GatewayId = gateway.Id,
                Readings = [.. group.Select(i => i.Decoded.Reading).OfType<Reading>()],
                Alerts = [.. group.Select(i => i.Decoded.Alert).OfType<Alert>()],
                Gaps = [.. group.Select(i => i.Decoded.Gap).OfType<Gap>()],
            };
            stored += (await pipeline.IngestAsync(gateway, batch, cancellationToken)).Accepted;
        }

        if (poison.Count > 0)
        {
            await DeadLetterAsync(poison, cancellationToken);
        }

        return stored;
    }

    private async Task<Dictionary<string, AuthenticatedGateway>> FindGatewaysAsync(string[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        await using var connection = await administration.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Unconfined, transaction: transaction, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<AuthenticatedGateway>(new CommandDefinition(SelectGateways, new { Ids = ids }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(g => g.Id, StringComparer.Ordinal);
    }

    private async Task DeadLetterAsync(List<(KafkaItem Item, string Reason)> poison, CancellationToken cancellationToken)
    {
        await using var connection = await administration.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertDeadLetters, new
        {
            GatewayIds = poison.Select(p => p.Item.Decoded.GatewayId).ToArray(),
            ItemIds = poison.Select(p => ItemId(p.Item.Decoded)).ToArray(),
            Reasons = poison.Select(p => p.Reason).ToArray(),
            Topics = poison.Select(p => p.Item.Topic).ToArray(),
            Partitions = poison.Select(p => p.Item.Partition).ToArray(),
            Offsets = poison.Select(p => p.Item.Offset).ToArray(),
            RecordValues = poison.Select(p => System.Text.Encoding.UTF8.GetString(p.Item.Value).Replace('\0', '\uFFFD')).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static string? ItemId(DecodedRecord decoded) => decoded.Reading?.Id ?? decoded.Alert?.Id ?? decoded.Gap?.Id;
}
