namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>The modem did not do what was asked (silent, refused a setup command, rejected the PIN); the session is closed.</summary>
internal sealed class ModemException : Exception
{
    public ModemException(string message, bool retryMayHelp, bool pinRejected = false)
        : base(message)
    {
        RetryMayHelp = retryMayHelp;
        PinRejected = pinRejected;
    }

    public ModemException()
    {
    }

    public ModemException(string message)
        : base(message)
    {
    }

    public ModemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool RetryMayHelp { get; }

    /// <summary>The SIM refused the configured PIN: trying it again would bring the SIM closer to PUK lock.</summary>
    public bool PinRejected { get; }

    public static ModemException Timeout(string what, TimeSpan limit) =>
        new($"modem silent: no answer to {what} within {limit.TotalSeconds:0.###} s", retryMayHelp: true);

    public static ModemException Refused(string command, AtResponse response)
    {
        var (reason, retryMayHelp) = ModemErrors.Describe(response);
        return new ModemException($"modem refused {command}: {reason}", retryMayHelp);
    }
}
