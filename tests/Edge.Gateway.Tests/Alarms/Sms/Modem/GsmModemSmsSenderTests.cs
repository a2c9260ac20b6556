using static Edge.Gateway.Tests.Alarms.Sms.Modem.ModemScript;
using static Edge.Gateway.Tests.Alarms.Sms.Modem.ModemSenders;

namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>The modem sender's AT dialogue against a scripted modem on a real pseudo-terminal.</summary>
public sealed class GsmModemSmsSenderTests
{
    [Fact]
    public async Task SendAsync_HappyPath_WritesTheExactDialogueAndReturnsTheReference()
    {
        await using var modem = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 42)]);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {modem}");
        Assert.Equal("42", result.MessageReference);
        // "_" is code 0x11 in the GSM alphabet, which AT+CSCS="GSM" text mode takes as it is.
        Assert.Equal(
            InitAndGsmSetupBytes + "AT+CMGS=\"+254700000001\"\rCRITICAL rg-001 water\u0011level\u0011m 2.70 >= 2.50\u001a",
            modem.Received);
        Assert.Empty(modem.Failures);
        Assert.Equal(0, modem.Overlaps);
    }

    [Fact]
    public async Task SendAsync_SecondMessage_ReusesTheInitialisedModem()
    {
        await using var modem = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 1), .. Send("+254700000002", 2)]);
        using var sender = Create(modem.DevicePath);

        await sender.SendAsync(Number, "first", CancellationToken.None);
        var second = await sender.SendAsync("+254700000002", "second", CancellationToken.None);

        Assert.Equal("2", second.MessageReference);
        Assert.EndsWith("first\u001aAT+CMGS=\"+254700000002\"\rsecond\u001a", modem.Received, StringComparison.Ordinal);
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_UnsolicitedCodesInterleaved_AreIgnored()
    {
        await using var modem = FakeModem.Start(
        [
            ModemStep.Expect("\u001b", "\r\n+CREG: 1\r\n"),
            Command("AT", "\r\nRING\r\n", "\r\nOK\r\n"),
            Command("ATE0", "\r\n+CMTI: \"SM\",3\r\n\r\nOK\r\n"),
            Command("AT+CMEE=2", "\r\nRING\r\n\r\n+CLIP: \"+254711111111\",145\r\n\r\nOK\r\n"),
            .. GsmSetup(),
            Command($"AT+CMGS=\"{Number}\"", "\r\nRING\r\n", Prompt),
            ModemStep.Text("\r\nRING\r\n", "\r\n+CMTI: \"SM\",4\r\n\r\n+CMGS: 45\r\n", "\r\nRING\r\n\r\nOK\r\n"),
        ]);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {modem}");
        Assert.Equal("45", result.MessageReference);
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_AnswersArriveInPieces_AreReassembled()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(), .. GsmSetup(),
            Command($"AT+CMGS=\"{Number}\"", "\r\n>", " "),
            ModemStep.Text("\r\n+CM", "GS: 4", "6\r\n\r\nO", "K\r\n"),
        ]);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Equal("46", result.MessageReference);
    }

    [Fact]
    public async Task SendAsync_ModemEchoesEverything_StillSent()
    {
        // A modem that restarted into ATE1 and ignores ATE0: commands and the text come back before each answer.
        await using var modem = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 47)], echo: true);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, "Water OK\nOK\nleave now", CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {modem}");
        Assert.Equal("47", result.MessageReference);
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_TwoAtOnce_AreSerialisedOneDialogueAfterTheOther()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(), .. GsmSetup(),
            Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text($"\r\n+CMGS: 1\r\n{Ok}").After(TimeSpan.FromMilliseconds(300)),
            Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text($"\r\n+CMGS: 2\r\n{Ok}").After(TimeSpan.FromMilliseconds(300)),
        ]);
        using var sender = Create(modem.DevicePath);

        var results = await Task.WhenAll(
            Task.Run(() => sender.SendAsync(Number, "alarm one", CancellationToken.None)),
            Task.Run(() => sender.SendAsync(Number, "alarm two", CancellationToken.None)));

        Assert.All(results, result => Assert.True(result.IsSent, $"{result}; {modem}"));
        Assert.Equal(["1", "2"], results.Select(r => r.MessageReference!).Order());
        Assert.Equal(["alarm one", "alarm two"], modem.Texts.Order());
        Assert.Equal(0, modem.Overlaps);
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_TextOutsideTextModeGsm_SentAsUcs2Hex()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(),
            Command("AT+CMGF=1"), Command("AT+CSCS=\"UCS2\""), Command("AT+CSMP=17,167,0,8"),
            Command("AT+CMGS=\"002B003200350034003700300030003000300030003000300031\"", Prompt),
            ModemStep.Text($"\r\n+CMGS: 48\r\n{Ok}"),
        ]);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, "ጎርፍ 5€", CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {modem}");
        Assert.Equal(["130E122D134D0020003520AC"], modem.Texts);
    }

    [Fact]
    public async Task SendAsync_SimAsksForPin_EntersItAndWaitsForReady()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(),
            Command("AT+CPIN?", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n"),
            Command("AT+CPIN=\"1234\""),
            Command("AT+CPIN?", "\r\n+CME ERROR: SIM busy\r\n"),
            Command("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n"),
            .. GsmSetup(), .. Send(Number, 49),
        ]);
        using var sender = Create(modem.DevicePath, options => options.Pin = "1234");

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {modem}");
        Assert.Empty(modem.Failures);
    }
}
