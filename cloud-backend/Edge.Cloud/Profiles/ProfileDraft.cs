using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Codecs.JavaScript;
using Edge.Codecs.Profiles;
using Edge.Rules;

namespace Edge.Cloud.Profiles;

/// <summary>
/// A device profile as a person describes it (POST and PUT bodies): how one model of sensor talks, in the format of
/// docs/codecs.md. <see cref="SamplePayloadHex"/> is a frame the device really sends; the codec must decode it to at least
/// one metric before the profile is saved (a javascript codec must have one, so that a script that loops, recurses or
/// allocates without bound is refused here and never reaches a gateway).
/// </summary>
internal sealed record ProfileDraft(
    string? Name = null,
    string? DeviceType = null,
    string? Codec = null,
    string? Script = null,
    JsonElement? Fields = null,
    bool? KeepUnmappedFields = null,
    int? ReportIntervalS = null,
    string? SamplePayloadHex = null,
    int? SampleFPort = null)
{
    public const int MaxNameLength = 200;
    public const int MaxSampleBytes = 1024;

    /// <summary>The codec names of the API and of docs/codecs.md, by the name the database stores (sql/0030).</summary>
    public static readonly IReadOnlyDictionary<string, string> StoredCodecs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["json"] = "json",
        ["cayenne-lpp"] = "cayenne_lpp",
        ["javascript"] = "javascript",
    };

    /// <summary>
    /// What is wrong with the draft, by field: its own fields, then the codec loaded as a gateway loads it (script compiles,
    /// metrics and unit conversions exist), then the sample decoded in the JavaScript sandbox.
    /// </summary>
    public Dictionary<string, string[]> Check(byte[]? storedSample = null, int? storedSampleFPort = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Name is null || Name.Trim().Length is 0 or > MaxNameLength)
        {
            errors["name"] = [$"1-{MaxNameLength} characters"];
        }

        if (DeviceType is null || !DeviceKinds.All.Contains(DeviceType))
        {
            errors["deviceType"] = [$"one of {string.Join(", ", DeviceKinds.All.Order(StringComparer.Ordinal))}"];
        }

        if (Codec is null || !StoredCodecs.ContainsKey(Codec))
        {
            errors["codec"] = ["one of json, cayenne-lpp, javascript"];
        }
        else if ((Codec == "javascript") != (Script is not null))
        {
            errors["script"] = [Codec == "javascript" ? "a javascript codec needs its script" : "only a javascript codec has a script"];
        }

        if (Fields is { } fields && fields.ValueKind != JsonValueKind.Object)
        {
            errors["fields"] = ["an object of decoded field name to metric"];
        }

        if (ReportIntervalS is { } interval && interval is < 1 or > 86400)
        {
            errors["reportIntervalS"] = ["1 to 86400 seconds"];
        }

        if (SampleFPort is { } port && port is < 0 or > 255)
        {
            errors["sampleFPort"] = ["0 to 255"];
        }

        var sample = storedSample;
        if (SamplePayloadHex is not null && !TryHex(SamplePayloadHex, out sample))
        {
            errors["samplePayloadHex"] = [$"1-{MaxSampleBytes} bytes as hexadecimal digits"];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (!DeviceProfileParser.TryParse(ToCodecJson("draft"), JavaScriptSandboxLimits.Default, out var profile, out var error))
        {
            const string Prefix = "profile draft: ";
            errors[Codec == "javascript" && error.Contains("script", StringComparison.Ordinal) ? "script" : "fields"] =
                [error.StartsWith(Prefix, StringComparison.Ordinal) ? error[Prefix.Length..] : error];
            return errors;
        }

        if (sample is null)
        {
            if (Codec == "javascript")
            {
                errors["samplePayloadHex"] = ["a javascript codec needs a sample frame to be tried on before it is saved"];
            }

            return errors;
        }

        var decoded = ProfileDecoder.Decode(profile!, sample, SampleFPort ?? storedSampleFPort ?? 1);
        if (decoded.Telemetry is null)
        {
            errors["samplePayloadHex"] = [$"the sample does not decode: {decoded.Error}"];
        }

        return errors;
    }

    /// <summary>The sample frame's bytes (after <see cref="Check"/> succeeded), or null when the draft has none.</summary>
    public byte[]? SampleBytes() => SamplePayloadHex is { } hex && TryHex(hex, out var bytes) ? bytes : null;

    /// <summary>The profile in the format of docs/codecs.md, as a gateway loads it.</summary>
    public JsonElement ToCodecJson(string id)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["codec"] = Codec,
            ["keepUnmappedFields"] = KeepUnmappedFields ?? false,
            ["fields"] = Fields is { } fields ? JsonNode.Parse(fields.GetRawText()) : new JsonObject(),
        };
        if (Script is not null)
        {
            json["script"] = Script;
        }

        if (ReportIntervalS is { } interval)
        {
            json["reportIntervalS"] = interval;
        }

        return JsonSerializer.SerializeToElement(json);
    }

    private static bool TryHex(string text, out byte[]? bytes)
    {
        bytes = null;
        var digits = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length == 0 || digits.Length % 2 != 0 || digits.Length > 2 * MaxSampleBytes || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(digits);
        return true;
    }
}
