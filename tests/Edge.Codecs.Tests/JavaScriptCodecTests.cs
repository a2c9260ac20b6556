using Edge.Codecs.JavaScript;

namespace Edge.Codecs.Tests;

public sealed class JavaScriptCodecTests
{
    // Our own rain gauge codec: tips (uint16, 0.2 mm each), battery mV (uint16); port 2 carries an error flag.
    private const string RainGauge = """
        function decodeUplink(input) {
          if (input.fPort === 2) { return { errors: ["sensor fault " + input.bytes[0]] }; }
          if (input.bytes.length < 4) { return { errors: ["expected 4 bytes"] }; }
          var tips = (input.bytes[0] << 8) | input.bytes[1];
          var warnings = tips > 1000 ? ["implausible tip count"] : [];
          return { data: { rain: { mm: tips * 0.2 }, battery_mv: (input.bytes[2] << 8) | input.bytes[3], ok: true, label: "rg" }, warnings: warnings };
        }
        function encodeDownlink(input) {
          return { bytes: [1, (input.data.intervalS >> 8) & 255, input.data.intervalS & 255], fPort: input.fPort };
        }
        """;

    private static JavaScriptCodec Create(string script, JavaScriptSandboxLimits? limits = null)
    {
        Assert.True(JavaScriptCodec.TryCreate(script, limits ?? JavaScriptSandboxLimits.Default, out var codec, out var error), error);
        return codec!;
    }

    [Fact]
    public void DecodeUplink_DataIsFlattenedToNumbers()
    {
        var outcome = Create(RainGauge).Decode([0x00, 0x0C, 0x0E, 0x1A], fPort: 1);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(2.4, outcome.Fields!["rain.mm"], 6);
        Assert.Equal(3610, outcome.Fields["battery_mv"]);
        Assert.Equal(1, outcome.Fields["ok"]);
        Assert.False(outcome.Fields.ContainsKey("label"));
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void CodecErrorsAndWarnings_AreReported()
    {
        var codec = Create(RainGauge);

        var failed = codec.Decode([7], fPort: 2);
        var warned = codec.Decode([0x10, 0x00, 0, 0], fPort: 1);

        Assert.Equal("codec reported errors: sensor fault 7", failed.Error);
        Assert.Equal(["implausible tip count"], warned.Warnings);
    }

    [Fact]
    public void EncodeDownlink_ReturnsTheBytes()
    {
        var (bytes, error) = Create(RainGauge).Encode("""{"intervalS":600}""", fPort: 10);

        Assert.Null(error);
        Assert.Equal(new byte[] { 1, 2, 88 }, bytes);
    }

    [Theory]
    [InlineData("function decodeUplink(input) { while (true) {} }", "ran more than")]
    [InlineData("function decodeUplink(input) { var a = []; while (true) { a.push(new Array(1000).join('xxxxxxxx')); } }", "allocated")]
    [InlineData("function decodeUplink(input) { var s = 'x'; for (var i = 0; i < 60; i++) { s = s + s; } return { data: { n: s.length } }; }", "allocated")]
    [InlineData("function f(n) { return f(n + 1); } function decodeUplink(input) { return f(0); }", "recursed deeper")]
    [InlineData("function decodeUplink(input) { throw new Error('boom'); }", "script error: boom")]
    [InlineData("function decodeUplink(input) { return input.bytes[0].nothing.here; }", "script error")]
    [InlineData("function decodeUplink(input) { return 42; }", "something other than an object")]
    [InlineData("function decodeUplink(input) { }", "returned nothing")]
    [InlineData("function decodeUplink(input) { return { data: 5 }; }", "no data object")]
    public void MisbehavingCodecs_AreStoppedWithAReason(string script, string reason)
    {
        var limits = JavaScriptSandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(5) };

        var outcome = Create(script, limits).Decode([1, 2, 3], fPort: 1);

        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeLimit_StopsASlowCodec()
    {
        var limits = JavaScriptSandboxLimits.Default with { Timeout = TimeSpan.FromMilliseconds(50), MaxStatements = int.MaxValue };

        var outcome = Create("function decodeUplink(input) { for (;;) { Math.sqrt(2); } }", limits).Decode([1], fPort: 1);

        Assert.Contains("timed out after 50 ms", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("function decodeUplink(input) { return { data: { t: typeof System } }; } var x = System.IO.File;", "fails when loaded")]
    [InlineData("function decodeUplink(input) {", "does not parse")]
    [InlineData("function encodeDownlink(input) { return {}; }", "no decodeUplink")]
    public void BadScripts_AreRefusedWhenLoaded(string script, string reason)
    {
        Assert.False(JavaScriptCodec.TryCreate(script, JavaScriptSandboxLimits.Default, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void NoClrAccess_AndNoStateBetweenCalls()
    {
        var codec = Create("var calls = 0; function decodeUplink(input) { calls++; return { data: { calls: calls, clr: typeof importNamespace === 'undefined' ? 0 : 1 } }; }");

        codec.Decode([1], 1);
        var second = codec.Decode([1], 1);

        Assert.Equal(1, second.Fields!["calls"]);
        Assert.Equal(0, second.Fields["clr"]);
    }
}
