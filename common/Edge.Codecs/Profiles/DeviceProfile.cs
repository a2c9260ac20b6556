using Edge.Codecs.JavaScript;

namespace Edge.Codecs.Profiles;

/// <summary>
/// How a kind of device's payloads are read: its codec, which decoded fields become which metrics (with unit conversion),
/// and how often it reports. Built by <see cref="DeviceProfileParser"/> from the profile JSON described in docs/codecs.md.
/// </summary>
public sealed record DeviceProfile(
    string Id,
    CodecKind Codec,
    JavaScriptCodec? Script,
    IReadOnlyList<FieldMapping> Fields,
    bool KeepUnmappedFields,
    TimeSpan? ReportInterval);
