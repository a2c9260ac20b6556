using System.Collections.Frozen;
using System.Globalization;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// Reasons for <c>+CMS ERROR</c> (3GPP TS 27.005 3.2.5; 1-127 are network RP causes, TS 24.011 E.2) and
/// <c>+CME ERROR</c> (TS 27.007 9.2) codes, and whether retrying may help. Unknown codes are assumed transient.
/// </summary>
internal static class ModemErrors
{
    private static readonly FrozenDictionary<int, (string Reason, bool Retry)> Cms = new Dictionary<int, (string, bool)>
    {
        [1] = ("unassigned (unallocated) number", false),
        [8] = ("operator determined barring", false),
        [10] = ("call barred", false),
        [21] = ("short message transfer rejected", false),
        [27] = ("destination out of service", true),
        [28] = ("unidentified subscriber", false),
        [29] = ("facility rejected", false),
        [30] = ("unknown subscriber", false),
        [38] = ("network out of order", true),
        [41] = ("temporary failure", true),
        [42] = ("congestion", true),
        [47] = ("resources unavailable", true),
        [50] = ("requested facility not subscribed", false),
        [96] = ("invalid mandatory information", false),
        [300] = ("ME failure", true),
        [302] = ("operation not allowed", false),
        [303] = ("operation not supported", false),
        [304] = ("invalid PDU mode parameter", false),
        [305] = ("invalid text mode parameter", false),
        [310] = ("SIM not inserted", false),
        [311] = ("SIM PIN required", false),
        [313] = ("SIM failure", false),
        [314] = ("SIM busy", true),
        [316] = ("SIM PUK required", false),
        [322] = ("SIM memory full", false),
        [330] = ("SMSC address unknown", false),
        [331] = ("no network service", true),
        [332] = ("network timeout", true),
        [500] = ("unknown error", true),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, (string Reason, bool Retry)> Cme = new Dictionary<int, (string, bool)>
    {
        [3] = ("operation not allowed", false),
        [4] = ("operation not supported", false),
        [10] = ("SIM not inserted", false),
        [11] = ("SIM PIN required", false),
        [12] = ("SIM PUK required", false),
        [13] = ("SIM failure", false),
        [14] = ("SIM busy", true),
        [16] = ("incorrect password", false),
        [30] = ("no network service", true),
        [31] = ("network timeout", true),
        [100] = ("unknown", true),
    }.ToFrozenDictionary();

    public static (string Reason, bool RetryMayHelp) Describe(AtResponse response)
    {
        if (response.Final == AtFinal.Error)
        {
            return ("ERROR", true);
        }

        var cms = response.Final == AtFinal.CmsError;
        var detail = response.FinalLine[(cms ? AtResponse.CmsErrorPrefix : AtResponse.CmeErrorPrefix).Length..].Trim();
        if (int.TryParse(detail, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return (cms ? Cms : Cme).TryGetValue(code, out var known)
                ? ($"{response.FinalLine} ({known.Reason})", known.Retry)
                : (response.FinalLine, true);
        }

        // Verbose form (AT+CMEE=2): the modem's own words.
        var permanent = detail.Contains("PIN", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("PUK", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("not inserted", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("incorrect password", StringComparison.OrdinalIgnoreCase);
        return (response.FinalLine, !permanent);
    }
}
