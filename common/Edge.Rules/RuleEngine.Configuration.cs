using Edge.Rules.Evaluation;

namespace Edge.Rules;

/// <summary>What the caller tells the engine besides readings: configuration, devices gone, whether it can hear at all.</summary>
public sealed partial class RuleEngine
{
    /// <summary>
    /// New rules and/or device kinds (a configuration sync). Tracks of rules that still apply keep their readings and
    /// alarms; a changed definition is re-evaluated on the readings held (only the present may raise); alarms of rules
    /// that no longer apply are cleared (<see cref="AlarmCause.RuleWithdrawn"/>).
    /// </summary>
    public void Configure(RuleSet rules, IReadOnlyDictionary<string, string>? deviceKinds, AlarmOutput output)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var context = Begin(output);
        Rules = rules;
        _deviceKinds = deviceKinds ?? _deviceKinds;
        foreach (var device in _devices.Values)
        {
            device.Kind = _deviceKinds.GetValueOrDefault(device.Id);
            DevicePlanner.Plan(device, rules, context);
        }
    }

    /// <summary>
    /// Forgets a device (retired, replaced): its open alarms are cleared (<see cref="AlarmCause.RuleWithdrawn"/>) and
    /// everything kept for it is released. A later reading from it starts afresh.
    /// </summary>
    public void Forget(string deviceId, AlarmOutput output)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        var context = Begin(output);
        if (_devices.Remove(deviceId, out var device))
        {
            foreach (var record in device.Records)
            {
                DevicePlanner.Withdraw(record, context);
            }
        }
    }

    /// <summary>
    /// Whether the caller can hear devices at all (e.g. its broker connection is up). While not listening no device
    /// becomes silent; once listening again, silence is counted from then. Listening from construction.
    /// </summary>
    public void SetListening(bool listening)
    {
        if (listening && !_listening)
        {
            _listeningSince = Now();
        }

        _listening = listening;
    }
}
