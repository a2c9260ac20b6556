using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Codecs.Json;
using Jint;
using Jint.Parser;
using Jint.Runtime;
using Jint.Runtime.Debugger;

namespace Edge.Codecs.JavaScript;

/// <summary>
/// A payload codec written in JavaScript (ES5.1) in The Things Network's convention:
/// <c>decodeUplink({bytes, fPort})</c> returns <c>{data, warnings, errors}</c>, and optionally
/// <c>encodeDownlink({data, fPort})</c> returns <c>{bytes, fPort, warnings, errors}</c>.
/// Every call runs in a fresh Jint engine without CLR access, within <see cref="JavaScriptSandboxLimits"/>:
/// a codec that loops, recurses or allocates without bound is stopped and the call fails with the reason.
/// </summary>
public sealed class JavaScriptCodec
{
    private readonly Jint.Parser.Ast.Program _program;
    private readonly JavaScriptSandboxLimits _limits;

    private JavaScriptCodec(Jint.Parser.Ast.Program program, JavaScriptSandboxLimits limits, bool canEncode)
    {
        _program = program;
        _limits = limits;
        CanEncode = canEncode;
    }

    public bool CanEncode { get; }

    /// <summary>Compiles a codec script; refuses one that does not parse, is too long, or defines no decodeUplink function.</summary>
    public static bool TryCreate(string script, JavaScriptSandboxLimits limits, out JavaScriptCodec? codec, out string error)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(limits);
        codec = null;
        error = string.Empty;
        if (script.Length > limits.MaxScriptLength)
        {
            error = $"codec script of {script.Length} characters exceeds the limit of {limits.MaxScriptLength}";
            return false;
        }

        Jint.Parser.Ast.Program program;
        try
        {
            program = new JavaScriptParser().Parse(script);
        }
        catch (ParserException e)
        {
            error = $"codec script does not parse: {e.Message}";
            return false;
        }

        var probe = Run(program, limits, "(typeof decodeUplink === 'function') + ',' + (typeof encodeDownlink === 'function')");
        if (probe.Error is not null)
        {
            error = $"codec script fails when loaded: {probe.Error}";
            return false;
        }

        var parts = probe.Result!.Split(',');
        if (parts[0] != "true")
        {
            error = "codec script defines no decodeUplink(input) function";
            return false;
        }

        codec = new JavaScriptCodec(program, limits, parts[1] == "true");
        return true;
    }

    /// <summary>Runs <c>decodeUplink</c> on a frame and flattens its <c>data</c> into numeric fields.</summary>
    public FieldsOutcome Decode(ReadOnlySpan<byte> payload, int fPort)
    {
        var input = new StringBuilder("{\"bytes\":[");
        for (var index = 0; index < payload.Length; index++)
        {
            input.Append(index == 0 ? string.Empty : ",").Append(payload[index].ToString(CultureInfo.InvariantCulture));
        }

        input.Append("],\"fPort\":").Append(fPort.ToString(CultureInfo.InvariantCulture)).Append('}');
        var run = Run(_program, _limits, $"JSON.stringify(decodeUplink({input}))");
        if (run.Error is not null)
        {
            return FieldsOutcome.Failure($"codec failed: {run.Error}");
        }

        using var document = ParseResult(run.Result, out var parseError);
        if (document is null)
        {
            return FieldsOutcome.Failure(parseError);
        }

        var root = document.RootElement;
        var errors = Strings(root, "errors");
        if (errors.Count > 0)
        {
            return FieldsOutcome.Failure($"codec reported errors: {string.Join("; ", errors)}");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return FieldsOutcome.Failure("codec returned no data object");
        }

        var fields = JsonFields.Flatten(data);
        return fields.Succeeded ? FieldsOutcome.Success(fields.Fields!, Strings(root, "warnings")) : fields;
    }

    /// <summary>Runs <c>encodeDownlink</c> on a JSON object; the bytes, or why not.</summary>
    public (byte[]? Bytes, string? Error) Encode(string dataJson, int fPort)
    {
        ArgumentNullException.ThrowIfNull(dataJson);
        if (!CanEncode)
        {
            return (null, "codec defines no encodeDownlink(input) function");
        }

        try
        {
            using var data = JsonDocument.Parse(dataJson);
            if (data.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "downlink data must be a JSON object");
            }
        }
        catch (JsonException e)
        {
            return (null, $"downlink data is not valid JSON: {e.Message}");
        }

        var run = Run(_program, _limits, $"JSON.stringify(encodeDownlink({{\"data\":{dataJson},\"fPort\":{fPort.ToString(CultureInfo.InvariantCulture)}}}))");
        if (run.Error is not null)
        {
            return (null, $"codec failed: {run.Error}");
        }

        using var document = ParseResult(run.Result, out var parseError);
        if (document is null)
        {
            return (null, parseError);
        }

        var errors = Strings(document.RootElement, "errors");
        if (errors.Count > 0)
        {
            return (null, $"codec reported errors: {string.Join("; ", errors)}");
        }

        if (!document.RootElement.TryGetProperty("bytes", out var bytes) || bytes.ValueKind != JsonValueKind.Array)
        {
            return (null, "codec returned no bytes array");
        }

        var result = new List<byte>();
        foreach (var item in bytes.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var value) || value is < 0 or > 255)
            {
                return (null, $"codec returned {item} in bytes, not an integer 0 to 255");
            }

            result.Add((byte)value);
        }

        return ([.. result], null);
    }

    private static JsonDocument? ParseResult(string? json, out string error)
    {
        error = string.Empty;
        if (json is null)
        {
            error = "codec returned nothing (undefined)";
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            error = "codec returned something other than an object";
            return null;
        }
        catch (JsonException e)
        {
            error = $"codec result is not JSON: {e.Message}";
            return null;
        }
    }

    private static List<string> Strings(JsonElement root, string property)
    {
        var list = new List<string>();
        if (root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            list.AddRange(array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString()));
        }

        return list;
    }

    /// <summary>
    /// One untimed run through the interpreter's paths (parse, execute, the debugger hook, JSON) before the first timed one:
    /// in a fresh process, compiling Jint's code takes longer than <see cref="JavaScriptSandboxLimits.Timeout"/> on a busy
    /// Raspberry Pi or CI machine, which made a gateway's first profile "fail when loaded" (timed out) and stay refused.
    /// </summary>
    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        var engine = new Engine(options => options.DebugMode());
        engine.Step += (_, _) => StepMode.Into;
        engine.Execute(new JavaScriptParser().Parse("function decodeUplink(input) { var d = {}; for (var i = 0; i < input.bytes.length; i++) { d['b' + i] = input.bytes[i] << 1; } return { data: d }; }"));
        return engine.Execute("JSON.stringify(decodeUplink({\"bytes\":[1,2,3],\"fPort\":1}))").GetCompletionValue().IsString();
    });

    private static (string? Result, string? Error) Run(Jint.Parser.Ast.Program program, JavaScriptSandboxLimits limits, string call)
    {
        _ = WarmedUp.Value;
        // Jint 2.10 has no memory limit of its own: the debugger's step hook, called before every statement while it keeps answering
        // StepMode.Into, measures what this thread has allocated since the call began.
        var engine = new Engine(options => options
            .TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursionDepth)
            .DebugMode());
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        engine.Step += (_, _) =>
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            return allocated > limits.MaxAllocatedBytes ? throw new CodecMemoryLimitException(allocated, limits.MaxAllocatedBytes) : StepMode.Into;
        };

        try
        {
            engine.Execute(program);
            var value = engine.Execute(call).GetCompletionValue();
            return (value.IsString() ? value.AsString() : null, null);
        }
        catch (JavaScriptException e)
        {
            return (null, $"script error: {e.Message}");
        }
        catch (ParserException e)
        {
            return (null, $"script error: {e.Message}");
        }
        catch (TimeoutException)
        {
            return (null, $"timed out after {limits.Timeout.TotalMilliseconds} ms");
        }
        catch (StatementsCountOverflowException)
        {
            return (null, $"ran more than {limits.MaxStatements} statements");
        }
        catch (RecursionDepthOverflowException)
        {
            return (null, $"recursed deeper than {limits.MaxRecursionDepth} calls");
        }
        catch (CodecMemoryLimitException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or IndexOutOfRangeException or NullReferenceException or OutOfMemoryException)
        {
            return (null, $"script error: {e.Message}");
        }
    }
}
