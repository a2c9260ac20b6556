namespace Edge.Risk.Indicators;

/// <summary>What a threshold says about a rainfall event.</summary>
public enum ThresholdVerdict
{
    /// <summary>The event's mean intensity is below the curve at its duration.</summary>
    Below,

    /// <summary>At or above the curve: rainfall of the kind that has triggered landslides.</summary>
    Exceeded,

    /// <summary>The duration is outside the range the curve was fitted on: no claim either way.</summary>
    NotApplicable,
}
