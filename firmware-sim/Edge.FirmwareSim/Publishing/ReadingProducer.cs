using Edge.FirmwareSim.Devices;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Produces a device's readings on its schedule into its buffer, whether or not the device is connected, until it has
/// produced <c>count</c> readings or is stopped; then completes the buffer. A report interval received as config
/// downlink replaces the schedule's interval from the next reading on. Each reading is stamped with the time it was
/// measured and its sequence number; its values come from the device's model, stepped once per reading.
/// </summary>
internal sealed class ReadingProducer(
    SimulatedDevice device, ReadingSchedule schedule, long? count, DeviceCounters counters, TimeProvider time, Func<TelemetryMessage, byte[]>? encode = null, DeviceSettings? settings = null)
{
    public async Task RunAsync(ReadingBuffer buffer, long startTimestamp, CancellationToken stopping)
    {
        try
        {
            var previousDue = TimeSpan.Zero;
            for (var seq = 1L; count is not { } limit || seq <= limit; seq++)
            {
                // A report interval from the config downlink takes over from the fleet's schedule at the next reading.
                var due = seq > 1 && settings?.ReportInterval is { } interval ? previousDue + interval : schedule.DueAfterStart(device.Index, seq);
                previousDue = due;
                var wait = due - time.GetElapsedTime(startTimestamp);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stopping);
                }

                stopping.ThrowIfCancellationRequested();
                var message = new TelemetryMessage(time.GetUtcNow(), seq, device.Model.Next());
                buffer.Add(new PendingReading(seq, encode is null ? message.ToJson() : encode(message)));
                counters.ReadingGenerated(seq);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped: what was produced stays in the buffer for the connection to deliver.
        }
        finally
        {
            buffer.Complete();
        }
    }
}
