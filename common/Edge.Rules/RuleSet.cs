using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Edge.Rules.Definitions;

namespace Edge.Rules;

/// <summary>
/// A validated set of rules. Validation happens here, once, when a definition arrives (from the cloud, from the cache
/// on disk), with every problem named; evaluation never throws for a bad definition.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<string, List<Rule>> _byName;

    private RuleSet(RuleSetDocument document, IReadOnlyList<Rule> rules)
    {
        Document = document;
        Rules = rules;
        _byName = [];
        foreach (var rule in rules)
        {
            if (!_byName.TryGetValue(rule.Name, out var same))
            {
                _byName[rule.Name] = same = [];
            }

            same.Add(rule);
        }
    }

    /// <summary>No rules at all.</summary>
    public static RuleSet Empty { get; } = new(new RuleSetDocument(), []);

    /// <summary>The definition as it came, for caching and for sending on.</summary>
    public RuleSetDocument Document { get; }

    /// <summary>The rules in definition order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Validates a definition; on failure <paramref name="errors"/> lists every problem and nothing is created.</summary>
    public static bool TryCreate(RuleSetDocument document, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        var found = new List<RuleError>();
        var rules = RuleSetCompiler.Compile(document, found);
        errors = found;
        ruleSet = found.Count == 0 ? new RuleSet(document, rules) : null;
        return ruleSet is not null;
    }

    /// <summary>Validates a definition, or throws <see cref="RuleSetException"/> listing every problem.</summary>
    public static RuleSet Create(RuleSetDocument document) =>
        TryCreate(document, out var ruleSet, out var errors) ? ruleSet : throw new RuleSetException(errors);

    /// <summary>Reads and validates a JSON rule set (<see cref="RuleSetDocument"/>); malformed JSON is reported as an error too.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<RuleError> errors)
    {
        RuleSetDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, RulesJson.Default.RuleSetDocument);
        }
        catch (JsonException exception)
        {
            ruleSet = null;
            errors = [new RuleError(exception.Path ?? "$", exception.Message)];
            return false;
        }

        if (document is null)
        {
            ruleSet = null;
            errors = [new RuleError("$", "the rule set is null")];
            return false;
        }

        return TryCreate(document, out ruleSet, out errors);
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, out RuleSet?, out IReadOnlyList{RuleError})"/>
    public static bool TryParse(string json, [NotNullWhen(true)] out RuleSet? ruleSet, out IReadOnlyList<RuleError> errors) =>
        TryParse(System.Text.Encoding.UTF8.GetBytes(json), out ruleSet, out errors);

    /// <summary>The definition as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(Document, RulesJson.Default.RuleSetDocument);

    /// <summary>The rules of that name (several only when their scopes cannot share a device).</summary>
    public IReadOnlyList<Rule> FindByName(string name) => _byName.TryGetValue(name, out var rules) ? rules : [];

    /// <summary>The rule of that name that applies to the device, if any.</summary>
    public Rule? Find(string name, string deviceId, string? deviceKind)
    {
        foreach (var rule in FindByName(name))
        {
            if (rule.AppliesTo(deviceId, deviceKind))
            {
                return rule;
            }
        }

        return null;
    }
}
