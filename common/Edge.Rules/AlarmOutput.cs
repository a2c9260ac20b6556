namespace Edge.Rules;

/// <summary>
/// Where the engine writes what a call produced. Reuse one instance: read both lists, act, <see cref="Clear"/>.
/// Most readings produce nothing, and then nothing is allocated.
/// </summary>
public sealed class AlarmOutput
{
    private readonly List<AlarmTransition> _transitions = [];
    private readonly List<AlarmNotification> _notifications = [];

    /// <summary>State changes, in the order they must be recorded (journal, alerts topic, cloud).</summary>
    public IReadOnlyList<AlarmTransition> Transitions => _transitions;

    /// <summary>What to tell people now.</summary>
    public IReadOnlyList<AlarmNotification> Notifications => _notifications;

    public bool IsEmpty => _transitions.Count == 0 && _notifications.Count == 0;

    public void Clear()
    {
        _transitions.Clear();
        _notifications.Clear();
    }

    internal void Add(AlarmTransition transition) => _transitions.Add(transition);

    internal void Add(AlarmNotification notification) => _notifications.Add(notification);
}
