namespace Edge.Codecs.JavaScript;

/// <summary>
/// What one run of a JavaScript codec may use. A run that exceeds any of them is stopped and the payload refused with the reason.
/// </summary>
public sealed record JavaScriptSandboxLimits
{
    /// <summary>Wall-clock time for one decodeUplink/encodeDownlink call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Statements executed in one call (stops tight loops even when the machine is slow).</summary>
    public int MaxStatements { get; init; } = 20_000;

    /// <summary>Nested function calls.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>
    /// Bytes allocated by one call, checked before every statement (so one statement may overshoot it once). The count includes the
    /// sandbox's own per-statement bookkeeping (Jint's debugger hook), measured at over 1 KiB a statement in a tight loop.
    /// </summary>
    public long MaxAllocatedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Length of the script source.</summary>
    public int MaxScriptLength { get; init; } = 64 * 1024;

    public static JavaScriptSandboxLimits Default { get; } = new();
}
