using Edge.Rules.Evaluation;

namespace Edge.Rules;

/// <summary>
/// Evaluates a <see cref="RuleSet"/> against readings, on their measurement time, and says which alarms changed
/// (<see cref="AlarmTransition"/>) and whom to tell (<see cref="AlarmNotification"/>).
/// <para>
/// Not thread-safe: one loop owns an engine and makes every call (<see cref="Evaluate"/>, <see cref="Tick"/>,
/// <see cref="Configure"/>, <see cref="ExportState"/>, ...). Nothing inside blocks, waits or starts threads.
/// </para>
/// </summary>
public sealed partial class RuleEngine
{
    private readonly TimeProvider _time;
    private readonly RuleEngineOptions _options;
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private readonly EngineCounters _counters = new();
    private readonly NotificationPolicy _notifications;
    private readonly EvaluationContext _context;
    private IReadOnlyDictionary<string, string> _deviceKinds;
    private bool _listening = true;
    private long _listeningSince;

    /// <param name="rules">The rules to evaluate (<see cref="DefaultRules.RuleSet"/> until a configuration arrives).</param>
    /// <param name="timeProvider">The clock: silence, the lateness cutoff and notification intervals are judged on it.</param>
    /// <param name="options">Lateness, re-notification and memory bounds; the defaults when null.</param>
    /// <param name="deviceKinds">Device id to kind, for rules scoped to kinds; a device of unknown kind gets no kind-scoped rule.</param>
    public RuleEngine(RuleSet rules, TimeProvider timeProvider, RuleEngineOptions? options = null, IReadOnlyDictionary<string, string>? deviceKinds = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options ?? new RuleEngineOptions();
        _options.Validate();
        _time = timeProvider;
        _notifications = new NotificationPolicy(_options.RenotifyInterval);
        _context = new EvaluationContext(_options, _notifications, _counters);
        _deviceKinds = deviceKinds ?? new Dictionary<string, string>();
        _listeningSince = Now();
        Rules = rules;
    }

    public RuleSet Rules { get; private set; }

    public RuleEngineStatistics Statistics
    {
        get
        {
            var points = 0L;
            foreach (var device in _devices.Values)
            {
                foreach (var metric in device.Metrics)
                {
                    foreach (var track in metric.Tracks)
                    {
                        points += track.Count;
                    }
                }
            }

            return new RuleEngineStatistics(_counters.Readings, _counters.OutOfOrder, _counters.FromTheFuture, _counters.TooLate, _counters.NotRetained,
                _counters.Duplicates, _counters.DroppedByCap, _devices.Count, points);
        }
    }

    /// <summary>
    /// Evaluates one reading: every rule that applies to the device and whose metric the reading carries, at the
    /// reading's measurement time, whether it is the newest or arrives late. Also clears the device's silence.
    /// </summary>
    public void Evaluate(in RuleReading reading, AlarmOutput output)
    {
        ArgumentNullException.ThrowIfNull(reading.DeviceId, nameof(reading));
        ArgumentNullException.ThrowIfNull(reading.Values, nameof(reading));
        var context = Begin(output);
        var ts = reading.Ts.UtcTicks;
        _counters.Readings++;
        if (ts > context.Now + _options.MaxFutureSkew.Ticks)
        {
            _counters.FromTheFuture++;
            return;
        }

        var device = Device(reading.DeviceId);
        device.MaxTs = Math.Max(device.MaxTs, ts);
        context.Cutoff = Math.Max(context.Now, device.MaxTs) - _options.MaxLateness.Ticks;
        if (ts < context.Cutoff)
        {
            _counters.TooLate++;
        }

        Heard(device, reading.ReceivedAt.UtcTicks, context);
        var values = reading.Values;
        foreach (var metric in device.Metrics)
        {
            if (values.TryGetValue(metric.Metric, out var value) && double.IsFinite(value))
            {
                foreach (var track in metric.Tracks)
                {
                    track.Apply(ts, value, context);
                }
            }
        }
    }

    /// <summary>
    /// The clock's part: raises silence alarms that are due and sends deferred notifications. Call it periodically
    /// (every 10-30 s); silence is detected within one period of being due.
    /// </summary>
    public void Tick(AlarmOutput output)
    {
        var context = Begin(output);
        if (_listening)
        {
            foreach (var device in _devices.Values)
            {
                foreach (var silence in device.Silences)
                {
                    silence.Check(device.LastHeard, _listeningSince, context);
                }
            }
        }

        _notifications.Tick(context.Now, output);
    }

    private EvaluationContext Begin(AlarmOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _context.Now = Now();
        _context.Output = output;
        return _context;
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    private DeviceState Device(string id)
    {
        if (!_devices.TryGetValue(id, out var device))
        {
            device = new DeviceState(id) { Kind = _deviceKinds.GetValueOrDefault(id) };
            DevicePlanner.Plan(device, Rules, _context);
            _devices.Add(id, device);
        }

        return device;
    }

    private static void Heard(DeviceState device, long receivedAt, EvaluationContext context)
    {
        var previous = device.LastHeard;
        foreach (var silence in device.Silences)
        {
            silence.Heard(receivedAt, previous, context);
        }

        device.LastHeard = Math.Max(previous, receivedAt);
    }
}
