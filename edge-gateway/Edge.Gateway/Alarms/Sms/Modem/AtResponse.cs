namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>How an AT command ended (3GPP TS 27.007 final result codes; with <c>AT+CMEE=2</c> errors carry text).</summary>
internal enum AtFinal
{
    Ok,
    Error,
    CmsError,
    CmeError,
}

/// <summary>A command's information lines (echo and unsolicited codes included; callers pick what they asked for) and its final result.</summary>
internal sealed record AtResponse(AtFinal Final, string FinalLine, IReadOnlyList<string> Lines)
{
    public const string CmsErrorPrefix = "+CMS ERROR:";
    public const string CmeErrorPrefix = "+CME ERROR:";

    public bool IsOk => Final == AtFinal.Ok;

    /// <summary>The text after <paramref name="prefix"/> in the first line that starts with it.</summary>
    public string? Value(string prefix) =>
        Lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();

    /// <summary>The final result code a line is, if it is one. <c>RING</c>, <c>+CMTI: ...</c>, <c>NO CARRIER</c> and echoes are not.</summary>
    public static AtFinal? FinalOf(string line) => line switch
    {
        "OK" => AtFinal.Ok,
        "ERROR" => AtFinal.Error,
        _ when line.StartsWith(CmsErrorPrefix, StringComparison.Ordinal) => AtFinal.CmsError,
        _ when line.StartsWith(CmeErrorPrefix, StringComparison.Ordinal) => AtFinal.CmeError,
        _ => null,
    };
}
