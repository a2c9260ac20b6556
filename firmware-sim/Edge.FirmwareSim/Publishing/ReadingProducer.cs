using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Produces a device's readings on its schedule into its buffer, whether or not the device is connected, until it has
/// produced <c>count</c> readings or is stopped; then completes the buffer. A report interval received as config
/// downlink replaces the schedule's interval from the next reading on. Each reading is stamped with the time it was
/// measured (under <c>--speed</c>, its simulated time) and its sequence number; its values come from the device's model,
/// stepped once per reading. A model that returns no values has gone silent: production ends there.
/// </summary>
internal sealed class ReadingProducer(
    SimulatedDevice device, ReadingSchedule schedule, long? count, DeviceCounters counters, TimeProvider time, Func<TelemetryMessage, byte[]>? encode = null, DeviceSettings? settings = null, SimulatedClock? clock = null)
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
                var values = device.Model.Next();
                if (values.Count == 0)
                {
                    break; // the device has gone silent (a scenario's fault): it produces nothing more
                }

                // Under --speed the reading carries its simulated time, never later than now (a config downlink may have sped the schedule up).
                var now = time.GetUtcNow();
                var message = new TelemetryMessage(clock is null ? now : Min(clock.MeasuredAt(seq), now), seq, values);
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
