namespace Edge.Cloud.Credentials;

/// <summary>The broker could not be reached, refused the admin, or refused a command: the change was not applied.</summary>
internal sealed class BrokerUnavailableException : Exception
{
    public BrokerUnavailableException()
    {
    }

    public BrokerUnavailableException(string message)
        : base(message)
    {
    }

    public BrokerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
