namespace Edge.Codecs;

/// <summary>How a device profile turns a payload into fields.</summary>
public enum CodecKind
{
    /// <summary>The payload is a JSON object; nested objects are flattened to dotted field names.</summary>
    Json,

    /// <summary>The payload is Cayenne LPP; fields are named <c>{type}_{channel}</c> (and <c>.x</c>, <c>.latitude</c>, ... for multi-value types).</summary>
    CayenneLpp,

    /// <summary>The profile's own script with TTN's <c>decodeUplink(input)</c>, run in a sandbox.</summary>
    JavaScript,
}
