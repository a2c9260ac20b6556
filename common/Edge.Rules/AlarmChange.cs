namespace Edge.Rules;

/// <summary>What happened to an alarm.</summary>
public enum AlarmChange
{
    /// <summary>A new alarm: there was none open for this device and rule.</summary>
    Raised = 0,

    /// <summary>The open alarm became more severe.</summary>
    Escalated = 1,

    /// <summary>The open alarm became less severe but did not clear.</summary>
    DeEscalated = 2,

    /// <summary>The alarm ended.</summary>
    Cleared = 3,
}

/// <summary>Why a transition happened.</summary>
public enum AlarmCause
{
    /// <summary>The readings (or, for silence, their absence) said so.</summary>
    Condition = 0,

    /// <summary>The rule was removed or no longer applies to the device (new configuration): its open alarm is closed.</summary>
    RuleWithdrawn = 1,
}
