namespace Edge.Mqtt;

/// <summary>How <see cref="ReconnectingMqttClient"/> waits between connection attempts: exponential backoff with jitter.</summary>
public sealed class MqttReconnectOptions
{
    /// <summary>The wait before the first attempt after a loss; it doubles with each failed attempt.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The share of each wait that is random (0..1): with 0.5 a wait of 8 s becomes 4-8 s, so that many clients cut off
    /// together do not come back together.
    /// </summary>
    public double Jitter { get; set; } = 0.5;
}
