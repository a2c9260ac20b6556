namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// When each reading is due. The fleet as a whole publishes <c>rate</c> messages per second: device i's k-th reading
/// (k from 1) is due <c>(i + (k - 1) * devices) / rate</c> seconds after the start, so each device reports every
/// <c>devices / rate</c> seconds and the devices' start times are staggered evenly across one interval.
/// </summary>
internal sealed class ReadingSchedule(int devices, double rate)
{
    public TimeSpan Interval => Seconds(devices / rate);

    public TimeSpan DueAfterStart(int deviceIndex, long seq) => Seconds((deviceIndex + ((seq - 1) * (double)devices)) / rate);

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
