using System.Text.Json;
using Dapper;
using Edge.Cloud.Tenancy;
using Edge.Rules;
using Edge.Rules.Definitions;

namespace Edge.Cloud.Alerts;

/// <summary>
/// A municipality's current rules (the <c>rules</c> table, enabled ones, as its gateways get them), compiled for the
/// shared engine, with each rule name's id and version so that a cloud-raised alert records what it was raised under.
/// A definition that does not validate is left out (and named), the others still run.
/// </summary>
internal sealed record MunicipalityRules(RuleSet Rules, IReadOnlyDictionary<string, (Guid Id, int Version)> Versions,
    IReadOnlyDictionary<string, string> DeviceKinds, IReadOnlyList<Guid> Invalid)
{
    private const string SelectRules = "SELECT id AS Id, version AS Version, definition::text AS Definition FROM rules WHERE enabled ORDER BY created_at, id";
    private const string SelectKinds = "SELECT id AS Id, kind AS Kind FROM devices WHERE status <> 'retired'";

    public static async Task<MunicipalityRules> LoadAsync(TenantTransaction session, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<(Guid Id, int Version, string Definition)>(
            new CommandDefinition(SelectRules, transaction: session.Transaction, cancellationToken: cancellationToken));
        var kinds = await session.Connection.QueryAsync<(string Id, string Kind)>(
            new CommandDefinition(SelectKinds, transaction: session.Transaction, cancellationToken: cancellationToken));
        var definitions = new List<RuleDefinition>();
        var versions = new Dictionary<string, (Guid, int)>(StringComparer.Ordinal);
        var invalid = new List<Guid>();
        foreach (var row in rows)
        {
            if (TryCompile(row.Definition, out var definition, out var rule))
            {
                definitions.Add(definition);
                versions.TryAdd(rule.Name, (row.Id, row.Version));
            }
            else
            {
                invalid.Add(row.Id);
            }
        }

        var rules = RuleSet.TryCreate(new RuleSetDocument { Rules = definitions }, out var set, out _) ? set : RuleSet.Empty;
        return new MunicipalityRules(rules, versions, kinds.ToDictionary(k => k.Id, k => k.Kind, StringComparer.Ordinal), invalid);
    }

    private static bool TryCompile(string json, out RuleDefinition definition, out Rule rule)
    {
        definition = null!;
        rule = null!;
        try
        {
            if (JsonSerializer.Deserialize(json, RulesJson.Default.RuleDefinition) is not { } parsed
                || !RuleSet.TryCreate(new RuleSetDocument { Rules = [parsed] }, out var single, out _))
            {
                return false;
            }

            (definition, rule) = (parsed, single.Rules[0]);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
