using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Rules.State;
using Edge.Telemetry;

namespace Edge.Rules.Definitions;

/// <summary>
/// System.Text.Json metadata for rule sets and engine snapshots: camelCase, nulls omitted, indented (files people read),
/// and unknown members refused, so that a misspelt <c>minDuration</c> is an error rather than a rule without its duration.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters = [typeof(UtcTimestampJsonConverter)],
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    WriteIndented = true)]
[JsonSerializable(typeof(RuleSetDocument))]
[JsonSerializable(typeof(RuleEngineSnapshot))]
public sealed partial class RulesJson : JsonSerializerContext;
