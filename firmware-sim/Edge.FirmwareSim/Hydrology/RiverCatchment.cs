namespace Edge.FirmwareSim.Hydrology;

/// <summary>
/// The river upstream of the stations: the slope's outflow (runoff and baseflow, mm/h over the catchment, scaled by the
/// scenario's upstream rain factor) travels one hour down the channel, then passes a Nash cascade of two linear
/// reservoirs of 2 h each (a unit hydrograph peaking about 3 h after the rain). The stage follows the discharge by the
/// rating curve <c>h = 0.9 Q^0.6</c> m; <see cref="RiseM"/> is the stage above that of the starting baseflow.
/// </summary>
internal sealed class RiverCatchment
{
    private const double ReservoirH = 2;
    private const int TravelMinutes = 60;
    private readonly double _stepH;
    private readonly Queue<double> _travelling = new();
    private readonly double _baseStageM;
    private double _first;
    private double _second;

    public RiverCatchment(double baseflowMmh, TimeSpan step)
    {
        _stepH = step.TotalHours;
        _first = _second = baseflowMmh * ReservoirH; // steady state: outflow = inflow = baseflow
        for (var minute = 0; minute < TravelMinutes; minute++)
        {
            _travelling.Enqueue(baseflowMmh);
        }

        _baseStageM = Stage(baseflowMmh);
    }

    public double RiseM { get; private set; }

    public void Step(double inflowMmh)
    {
        _travelling.Enqueue(inflowMmh);
        var arriving = _travelling.Dequeue();
        var fromFirst = _first / ReservoirH;
        _first += (arriving - fromFirst) * _stepH;
        var discharge = _second / ReservoirH;
        _second += (fromFirst - discharge) * _stepH;
        RiseM = Stage(discharge) - _baseStageM;
    }

    private static double Stage(double dischargeMmh) => 0.9 * Math.Pow(Math.Max(0, dischargeMmh), 0.6);
}
