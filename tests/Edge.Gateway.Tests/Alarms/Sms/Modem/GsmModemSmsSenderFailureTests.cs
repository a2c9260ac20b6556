using System.Diagnostics;
using static Edge.Gateway.Tests.Alarms.Sms.Modem.ModemScript;
using static Edge.Gateway.Tests.Alarms.Sms.Modem.ModemSenders;

namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>The modem sender when things go wrong: errors, silence, vanished devices, a wrong PIN, cancellation.</summary>
public sealed class GsmModemSmsSenderFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-sms-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SendAsync_CmsError38_FailsWithReasonAndRetryMayHelp_NextSendSetsUpAgain()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(), .. GsmSetup(),
            Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text("\r\n+CMS ERROR: 38\r\n"),
            .. GsmSetup(), .. Send(Number, 43),
        ]);
        using var sender = Create(modem.DevicePath);

        var failed = await sender.SendAsync(Number, Alarm, CancellationToken.None);
        var retried = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.False(failed.IsSent);
        Assert.Contains("+CMS ERROR: 38", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("network out of order", failed.FailureReason, StringComparison.Ordinal);
        Assert.True(failed.RetryMayHelp);
        Assert.True(retried.IsSent, $"{retried}; {modem}");
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_PermanentCmsError_RetryDoesNotHelp()
    {
        await using var modem = FakeModem.Start(
            [.. Init(), .. GsmSetup(), Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text("\r\n+CMS ERROR: 1\r\n")]);
        using var sender = Create(modem.DevicePath);

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("unassigned", result.FailureReason, StringComparison.Ordinal);
        Assert.False(result.RetryMayHelp);
    }

    [Fact]
    public async Task SendAsync_SilentModem_FailsWithinTheCommandTimeout()
    {
        await using var modem = FakeModem.Start([ModemStep.Expect("\u001b")]);
        using var sender = Create(modem.DevicePath, options => options.CommandTimeout = TimeSpan.FromMilliseconds(600));

        var clock = Stopwatch.StartNew();
        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.False(result.IsSent);
        Assert.True(result.RetryMayHelp);
        Assert.Contains("no modem answering", result.FailureReason, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(3)); // 600 ms of tries after a 200 ms settle, plus scheduling slack
        Assert.Equal("\u001bAT\rAT\rAT\r", modem.Received); // three tries of the handshake, then nothing
    }

    [Fact]
    public async Task SendAsync_NoResultAfterTheText_FailsWithinTheSendTimeout_NextSendCancelsTheTextEntryAndStartsOver()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(), .. GsmSetup(), Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text(),
            .. Init(), .. GsmSetup(), .. Send(Number, 44),
        ]);
        using var sender = Create(modem.DevicePath, options => options.SendTimeout = TimeSpan.FromMilliseconds(700));

        var clock = Stopwatch.StartNew();
        var silent = await sender.SendAsync(Number, Alarm, CancellationToken.None);
        var elapsed = clock.Elapsed;
        var next = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("+CMGS", silent.FailureReason, StringComparison.Ordinal);
        Assert.True(silent.RetryMayHelp);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"took {elapsed}");
        Assert.True(next.IsSent, $"{next}; {modem}");
        Assert.Empty(modem.Failures);
    }

    [Fact]
    public async Task SendAsync_NoPrompt_FailsWithinThePromptTimeout()
    {
        await using var modem = FakeModem.Start([.. Init(), .. GsmSetup(), Command($"AT+CMGS=\"{Number}\"", "\r\n")]);
        using var sender = Create(modem.DevicePath, options => options.PromptTimeout = TimeSpan.FromMilliseconds(500));

        var clock = Stopwatch.StartNew();
        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("prompt", result.FailureReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task SendAsync_DeviceDisappears_FailsRetryably_ThenReopensWhenItIsBack()
    {
        var link = Path.Combine(_directory, "gsm-modem");
        using var sender = Create(link);
        await using (var first = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 1)], linkPath: link))
        {
            Assert.True((await sender.SendAsync(Number, Alarm, CancellationToken.None)).IsSent);
        }

        var gone = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        await using var second = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 2)], linkPath: link);
        var back = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.False(gone.IsSent);
        Assert.True(gone.RetryMayHelp);
        Assert.Contains("modem unavailable", gone.FailureReason, StringComparison.Ordinal);
        Assert.True(back.IsSent, $"{back}; {second}");
        Assert.Equal("2", back.MessageReference);
    }

    [Fact]
    public async Task SendAsync_DeviceReplacedBetweenSends_NoticesTheHangUpAndSendsOnTheNewOne()
    {
        var link = Path.Combine(_directory, "gsm-modem");
        using var sender = Create(link);
        await using (var first = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 1)], linkPath: link))
        {
            await sender.SendAsync(Number, Alarm, CancellationToken.None);
        }

        await using var second = FakeModem.Start([.. Init(), .. GsmSetup(), .. Send(Number, 2)], linkPath: link);
        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.True(result.IsSent, $"{result}; {second}");
        Assert.Equal(InitAndGsmSetupBytes + $"AT+CMGS=\"{Number}\"\r{Alarm.Replace('_', '\u0011')}\u001a", second.Received);
    }

    [Fact]
    public async Task SendAsync_PinRejected_FailsForGoodWithoutTryingThePinAgain()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(),
            Command("AT+CPIN?", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n"),
            Command("AT+CPIN=\"9999\"", "\r\n+CME ERROR: incorrect password\r\n"),
        ]);
        using var sender = Create(modem.DevicePath, options => options.Pin = "9999");

        var first = await sender.SendAsync(Number, Alarm, CancellationToken.None);
        var written = modem.Received;
        var second = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("PIN", first.FailureReason, StringComparison.Ordinal);
        Assert.False(first.RetryMayHelp);
        Assert.Equal(first.FailureReason, second.FailureReason);
        Assert.Equal(written, modem.Received);
    }

    [Fact]
    public async Task SendAsync_InvalidNumber_FailsWithoutOpeningTheModem()
    {
        using var sender = Create(Path.Combine(_directory, "no-such-device"));

        var result = await sender.SendAsync("0700000001", Alarm, CancellationToken.None);

        Assert.Contains("E.164", result.FailureReason, StringComparison.Ordinal);
        Assert.False(result.RetryMayHelp);
    }

    [Fact]
    public async Task SendAsync_NoDevice_FailsRetryably()
    {
        using var sender = Create(Path.Combine(_directory, "no-such-device"));

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("cannot open", result.FailureReason, StringComparison.Ordinal);
        Assert.True(result.RetryMayHelp);
    }

    [Fact]
    public async Task SendAsync_NotATty_FailsWithReason()
    {
        var file = Path.Combine(_directory, "plain-file");
        await File.WriteAllTextAsync(file, string.Empty);
        using var sender = Create(file);

        var result = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.Contains("not a serial device", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CancelledMidDialogue_ThrowsAndTheNextSendStartsOver()
    {
        await using var modem = FakeModem.Start(
        [
            .. Init(), .. GsmSetup(), Command($"AT+CMGS=\"{Number}\"", Prompt), ModemStep.Text(),
            .. Init(), .. GsmSetup(), .. Send(Number, 50),
        ]);
        using var sender = Create(modem.DevicePath);
        using var cancel = new CancellationTokenSource();

        var cancelled = sender.SendAsync(Number, Alarm, cancel.Token);
        await WaitForTextAsync(modem);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = await sender.SendAsync(Number, Alarm, CancellationToken.None);

        Assert.True(next.IsSent, $"{next}; {modem}");
    }

    private static async Task WaitForTextAsync(FakeModem modem)
    {
        var deadline = Environment.TickCount64 + 5000;
        while (modem.Texts.Count == 0)
        {
            Assert.True(Environment.TickCount64 < deadline, $"no text reached the modem; {modem}");
            await Task.Delay(10);
        }
    }
}
