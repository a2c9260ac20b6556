using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// Sends SMS through a GSM modem (no internet needed). One send at a time; the modem is opened and initialised on the
/// first send, kept open, and closed after any failure of the modem itself (silence, device gone), so that the next
/// send opens and initialises it afresh. A SIM that rejected the PIN is left alone until restart (no PUK lock-out).
/// </summary>
internal sealed partial class GsmModemSmsSender : ISmsSender, IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly GsmModemOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GsmModemSmsSender> _logger;
    private ModemSession? _session;
    private string? _pinRejected;

    public GsmModemSmsSender(IOptions<SmsOptions> options, TimeProvider time, ILogger<GsmModemSmsSender> logger)
    {
        _options = options.Value.Modem;
        _time = time;
        _logger = logger;
    }

    public async Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken cancellationToken)
    {
        if (!SmsMessage.TryCreate(phoneNumber, text, extensionTable: false, out var message, out var invalid))
        {
            LogInvalid(invalid);
            return SmsResult.Failed(invalid, retryMayHelp: false);
        }

        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var result = await SendOneAsync(message, cancellationToken);
            if (result.IsSent)
            {
                LogSent(message.MaskedNumber, message.Encoding, result.MessageReference!, message.Truncated);
            }
            else
            {
                LogFailed(message.MaskedNumber, result.FailureReason!, result.RetryMayHelp);
            }

            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => CloseSession();

    private async Task<SmsResult> SendOneAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (_pinRejected is not null)
        {
            return SmsResult.Failed(_pinRejected, retryMayHelp: false);
        }

        try
        {
            var reusing = _session is not null;
            var session = await OpenSessionAsync(cancellationToken);
            try
            {
                return await session.SendAsync(message, cancellationToken);
            }
            catch (SerialDeviceException) when (reusing)
            {
                // The device went away since the last send without it showing yet (a replaced modem, a USB re-plug):
                // nothing reached a modem through the stale handle, so open the device afresh and send once on it.
                CloseSession();
                session = await OpenSessionAsync(cancellationToken);
                return await session.SendAsync(message, cancellationToken);
            }
        }
        catch (ModemException e)
        {
            CloseSession();
            _pinRejected = e.PinRejected ? e.Message : null;
            return SmsResult.Failed(e.Message, e.RetryMayHelp);
        }
        catch (SerialDeviceException e)
        {
            CloseSession();
            return SmsResult.Failed($"modem unavailable: {e.Message}", e.RetryMayHelp);
        }
        catch (OperationCanceledException)
        {
            CloseSession(); // the dialogue stopped half-way; start clean next time
            throw;
        }
    }

    private async Task<ModemSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        if (_session is not null && _session.IsGone())
        {
            LogGone(_options.DevicePath);
            CloseSession();
        }

        if (_session is null)
        {
            _session = await ModemSession.OpenAsync(_options, _time, _logger, cancellationToken);
            LogOpened(_options.DevicePath, _options.BaudRate);
        }

        return _session;
    }

    private void CloseSession()
    {
        _session?.Dispose();
        _session = null;
    }
}
