using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Reporting;

/// <summary>The counters of all devices added up, for the progress line and the report.</summary>
internal readonly record struct FleetTotals(int Devices, int Connected, long Generated, long Published, long Acknowledged, long Dropped, long Errors)
{
    public long Unsent => Generated - Acknowledged - Dropped;

    public static FleetTotals Sum(IEnumerable<DeviceCounters> devices)
    {
        var totals = default(FleetTotals);
        foreach (var device in devices)
        {
            totals = new FleetTotals(
                totals.Devices + 1,
                totals.Connected + (device.IsConnected ? 1 : 0),
                totals.Generated + device.Generated,
                totals.Published + device.Published,
                totals.Acknowledged + device.Acknowledged,
                totals.Dropped + device.Dropped,
                totals.Errors + device.Errors);
        }

        return totals;
    }
}
