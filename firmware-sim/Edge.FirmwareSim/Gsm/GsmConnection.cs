using System.Text;
using Edge.FirmwareSim.Publishing;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Gsm;

/// <summary>
/// A GSM device's link to the gateway (SMS or GPRS): delivers the buffer in order, one reading at a time. A stored
/// reading is acknowledged; a refused one is counted as an error and not sent again (the gateway dead-lettered it);
/// when the gateway cannot be reached the reading is kept and tried again after a backoff, like the MQTT devices.
/// </summary>
internal sealed partial class GsmConnection(string deviceId, IGsmDelivery delivery, SimulatorOptions options, DeviceCounters counters, TimeProvider time, ILogger logger)
    : IDeviceLink
{
    private readonly ReconnectBackoff _backoff = new(options.ReconnectMinDelay, options.ReconnectMaxDelay, Random.Shared);

    public async Task RunAsync(ReadingBuffer buffer, CancellationToken abort)
    {
        await using var _ = delivery;
        var failures = 0;
        try
        {
            while (await buffer.WaitAsync(abort))
            {
                if (!buffer.TryTake(out var reading))
                {
                    continue;
                }

                counters.ReadingPublished();
                while (true)
                {
                    try
                    {
                        var answer = await delivery.DeliverAsync(Encoding.UTF8.GetString(reading.Payload.Span), abort);
                        counters.SetConnected(true);
                        failures = 0;
                        if (answer == GsmAnswer.Stored)
                        {
                            counters.ReadingAcknowledged();
                        }
                        else
                        {
                            counters.ReadingDropped();
                            counters.ErrorOccurred();
                            LogRefused(deviceId, reading.Seq);
                        }

                        break;
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException or System.Net.Sockets.SocketException || (e is OperationCanceledException && !abort.IsCancellationRequested))
                    {
                        counters.SetConnected(false);
                        counters.ErrorOccurred();
                        await delivery.ResetAsync();
                        LogUnreachable(deviceId, e.Message);
                        await Task.Delay(_backoff.Delay(failures++), time, abort);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Aborted after the drain timeout: what is left is reported as unsent.
        }
        finally
        {
            counters.SetConnected(false);
        }
    }
}
