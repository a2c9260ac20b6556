using System.Text;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// One open modem: initialised once (<c>ESC</c>, <c>AT</c>, <c>ATE0</c>, <c>AT+CMEE=2</c>, SIM PIN if configured), then sends
/// in text mode (<c>AT+CMGF=1</c>, <c>AT+CSCS</c>, <c>AT+CSMP</c> when the encoding changes, then <c>AT+CMGS</c>). Any
/// exception means the session is unusable; the sender closes it and a later send opens a new one.
/// </summary>
internal sealed class ModemSession : IDisposable
{
    private const byte Esc = 0x1B;
    private const int HandshakeTries = 3;
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SimPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly SerialDevice _device;
    private readonly AtChannel _at;
    private readonly GsmModemOptions _options;
    private readonly TimeProvider _time;
    private SmsEncoding? _configuredFor;

    private ModemSession(SerialDevice device, GsmModemOptions options, TimeProvider time, ILogger logger)
    {
        _device = device;
        _options = options;
        _time = time;
        _at = new AtChannel(device, time, logger);
    }

    public static async Task<ModemSession> OpenAsync(GsmModemOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var session = new ModemSession(SerialDevice.Open(options.DevicePath, options.BaudRate), options, time, logger);
        try
        {
            await session.InitializeAsync(cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The device hung up or vanished since the last send.</summary>
    public bool IsGone() => _device.IsGone();

    public async Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var ucs2 = message.Encoding == SmsEncoding.Ucs2;
        if (_configuredFor != message.Encoding)
        {
            await ExpectOkAsync("AT+CMGF=1", cancellationToken);
            await ExpectOkAsync(ucs2 ? "AT+CSCS=\"UCS2\"" : "AT+CSCS=\"GSM\"", cancellationToken);
            await ExpectOkAsync(ucs2 ? "AT+CSMP=17,167,0,8" : "AT+CSMP=17,167,0,0", cancellationToken);
            _configuredFor = message.Encoding;
        }

        // With AT+CSCS="UCS2" every string parameter, the number included, is hex UCS-2 (TS 27.005 3.1).
        await _at.WriteCommandAsync($"AT+CMGS=\"{(ucs2 ? Ucs2Hex(message.Number) : message.Number)}\"", _options.CommandTimeout, cancellationToken);
        var refusal = await _at.WaitForPromptAsync("AT+CMGS (prompt)", _options.PromptTimeout, cancellationToken);
        if (refusal is not null)
        {
            return Refused(refusal);
        }

        var text = ucs2 ? Encoding.ASCII.GetBytes(Ucs2Hex(message.Text)) : Gsm7Alphabet.EncodeBasic(message.Text);
        await _at.WriteAsync([.. text, Gsm7Alphabet.CtrlZ], _options.CommandTimeout, "the text", cancellationToken);
        var answer = await _at.ReadResponseAsync("the text (+CMGS)", _options.SendTimeout, "+CMGS:", cancellationToken);
        if (!answer.IsOk)
        {
            return Refused(answer);
        }

        var reference = answer.Value("+CMGS:")!.Split(',')[0].Trim();
        return SmsResult.Sent(reference, message.Truncated);
    }

    public void Dispose() => _device.Dispose();

    private SmsResult Refused(AtResponse response)
    {
        _configuredFor = null; // set the message format up again next time, in case the modem restarted
        var (reason, retryMayHelp) = ModemErrors.Describe(response);
        return SmsResult.Failed($"modem refused the SMS: {reason}", retryMayHelp);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // ESC ends a text entry that an interrupted session may have left open, and is ignored otherwise.
        await _at.WriteAsync([Esc], _options.CommandTimeout, "ESC", cancellationToken);
        await _at.DrainAsync(SettleTime, cancellationToken);
        await HandshakeAsync(cancellationToken);
        await ExpectOkAsync("ATE0", cancellationToken);
        await ExpectOkAsync("AT+CMEE=2", cancellationToken);
        if (_options.Pin is not null)
        {
            await UnlockSimAsync(_options.Pin, cancellationToken);
        }
    }

    // An autobauding modem (SIM800) may miss the first AT while it measures the line speed: a few tries share CommandTimeout.
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExpectOkAsync("AT", cancellationToken, _options.CommandTimeout / HandshakeTries);
                return;
            }
            catch (ModemException) when (attempt < HandshakeTries)
            {
            }
            catch (ModemException e)
            {
                throw new ModemException($"no modem answering on {_device.Path} ({HandshakeTries} tries of AT): {e.Message}", retryMayHelp: true);
            }
        }
    }

    private async Task UnlockSimAsync(string pin, CancellationToken cancellationToken)
    {
        var state = await SimStateAsync(cancellationToken);
        if (state == "READY")
        {
            return;
        }

        if (state != "SIM PIN")
        {
            throw new ModemException($"SIM is locked ({state ?? "state unknown"}); a person has to unlock it", retryMayHelp: false);
        }

        var answer = await _at.CommandAsync($"AT+CPIN=\"{pin}\"", _options.CommandTimeout, cancellationToken, shownAs: "AT+CPIN=<pin>");
        if (!answer.IsOk)
        {
            throw new ModemException($"SIM rejected the PIN ({answer.FinalLine}); fix Sms:Modem:Pin and restart", retryMayHelp: false, pinRejected: true);
        }

        var start = _time.GetTimestamp();
        while (await SimStateAsync(cancellationToken) != "READY")
        {
            if (_time.GetElapsedTime(start) >= _options.SimReadyTimeout)
            {
                throw ModemException.Timeout("AT+CPIN? (SIM READY after the PIN)", _options.SimReadyTimeout);
            }

            await Task.Delay(SimPollInterval, _time, cancellationToken);
        }
    }

    // "READY", "SIM PIN", "SIM PUK", ...; null while the SIM is busy starting up (+CME ERROR).
    private async Task<string?> SimStateAsync(CancellationToken cancellationToken)
    {
        var answer = await _at.CommandAsync("AT+CPIN?", _options.CommandTimeout, cancellationToken);
        return answer.IsOk ? answer.Value("+CPIN:") : null;
    }

    private async Task ExpectOkAsync(string command, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var answer = await _at.CommandAsync(command, timeout ?? _options.CommandTimeout, cancellationToken);
        if (!answer.IsOk)
        {
            throw ModemException.Refused(command, answer);
        }
    }

    private static string Ucs2Hex(string text) => Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text));
}
