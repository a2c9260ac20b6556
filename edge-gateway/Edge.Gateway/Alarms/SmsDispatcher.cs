using Edge.Gateway.Alarms.Sms;
using Edge.Gateway.Journal;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms;

/// <summary>
/// Sends the SMS the alarms journaled, oldest first, one at a time (a modem takes one), with no cloud needed. A send that
/// failed for a reason that may pass (no network, modem busy) is tried again later; one that cannot succeed (a bad
/// number), or that failed too often, is given up and kept with its reason.
/// </summary>
internal sealed partial class SmsDispatcher(
    JournalDatabase database,
    ISmsSender sender,
    [FromKeyedServices(JournalSignal.Sms)] JournalSignal signal,
    IOptions<AlarmOptions> options,
    TimeProvider timeProvider,
    ILogger<SmsDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var outbox = new SmsOutbox(database);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = outbox.Due(timeProvider.GetUtcNow(), 20);
                if (due.Count == 0)
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                    continue;
                }

                foreach (var sms in due)
                {
                    await SendAsync(outbox, sms, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(e);
                await Task.Delay(IdlePoll, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task SendAsync(SmsOutbox outbox, PendingSms sms, CancellationToken stoppingToken)
    {
        var result = await sender.SendAsync(sms.Phone, sms.Text, stoppingToken);
        var now = timeProvider.GetUtcNow();
        if (result.IsSent)
        {
            outbox.MarkSent(sms.Id, now);
            LogSent(sms.Phone, result.MessageReference);
            return;
        }

        var settings = options.Value;
        var giveUp = !result.RetryMayHelp || sms.Attempts + 1 >= settings.SmsMaxAttempts;
        outbox.MarkFailed(sms.Id, now, result.FailureReason ?? "unknown", giveUp ? null : now + settings.SmsRetryDelay);
        if (giveUp)
        {
            LogGivenUp(sms.Phone, sms.Attempts + 1, result.FailureReason);
        }
        else
        {
            LogWillRetry(sms.Phone, settings.SmsRetryDelay.TotalSeconds, result.FailureReason);
        }
    }
}
