using System.Collections.Frozen;
using System.Globalization;
using Edge.Telemetry;

namespace Edge.Rules.Definitions;

/// <summary>Checks a rule's scope: a list of device ids, or a list of device kinds, or neither (every device).</summary>
internal static class ScopeValidator
{
    public static (FrozenSet<string> Devices, FrozenSet<string> Kinds) Validate(RuleDefinition d, string path, List<RuleError> errors)
    {
        if (d.Devices is not null && d.DeviceKinds is not null)
        {
            errors.Add(new RuleError(path, "give devices or deviceKinds, not both: a rule applies to listed devices, to devices of listed kinds, or (with neither) to every device"));
        }

        var devices = Check(d.Devices, $"{path}.devices", "device id", id => DeviceId.IsValid(id),
            "is not a device id (1-64 characters of A-Za-z0-9._-)", errors);
        var kinds = Check(d.DeviceKinds, $"{path}.deviceKinds", "device kind", DeviceKinds.All.Contains,
            $"is not a device kind ({string.Join(", ", DeviceKinds.All.Order(StringComparer.Ordinal))})", errors);
        return (devices, kinds);
    }

    private static FrozenSet<string> Check(IReadOnlyList<string>? items, string path, string what, Func<string, bool> isValid,
        string invalid, List<RuleError> errors)
    {
        if (items is null)
        {
            return FrozenSet<string>.Empty;
        }

        if (items.Count == 0)
        {
            errors.Add(new RuleError(path, $"empty: the rule would apply to nothing; list at least one {what} or leave the member out"));
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item || !isValid(item))
            {
                errors.Add(new RuleError(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), $"\"{items[i]}\" {invalid}"));
            }
        }

        return items.Where(item => item is not null).ToFrozenSet(StringComparer.Ordinal);
    }
}
