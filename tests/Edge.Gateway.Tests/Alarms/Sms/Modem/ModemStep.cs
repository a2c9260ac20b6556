namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>
/// One exchange of a scripted modem: what it expects to receive (exact bytes, or any text up to Ctrl-Z) and what it
/// answers, in parts written <see cref="FakeModem.PartGap"/> apart, after <see cref="Delay"/>.
/// </summary>
internal sealed record ModemStep(string? Expected, string[] Answer, TimeSpan Delay = default)
{
    public bool IsText => Expected is null;

    public static ModemStep Expect(string expected, params string[] answer) => new(expected, answer);

    /// <summary>Any text terminated by Ctrl-Z (0x1A), as after the <c>&gt; </c> prompt.</summary>
    public static ModemStep Text(params string[] answer) => new(null, answer);

    public ModemStep After(TimeSpan delay) => this with { Delay = delay };
}

/// <summary>Building blocks of scripts: what a well-behaved modem answers to the gateway's dialogue.</summary>
internal static class ModemScript
{
    public const string Ok = "\r\nOK\r\n";
    public const string Prompt = "\r\n> ";

    public static ModemStep Command(string command, params string[] answer) => ModemStep.Expect(command + "\r", answer.Length == 0 ? [Ok] : answer);

    public static ModemStep[] Init() => [ModemStep.Expect("\u001b"), Command("AT"), Command("ATE0"), Command("AT+CMEE=2")];

    public static ModemStep[] GsmSetup() => [Command("AT+CMGF=1"), Command("AT+CSCS=\"GSM\""), Command("AT+CSMP=17,167,0,0")];

    public static ModemStep[] Send(string number, int reference) =>
        [Command($"AT+CMGS=\"{number}\"", Prompt), ModemStep.Text($"\r\n+CMGS: {reference}\r\n{Ok}")];

    /// <summary>The bytes the gateway writes for <see cref="Init"/> and <see cref="GsmSetup"/>.</summary>
    public const string InitAndGsmSetupBytes =
        "\u001bAT\rATE0\rAT+CMEE=2\rAT+CMGF=1\rAT+CSCS=\"GSM\"\rAT+CSMP=17,167,0,0\r";
}
