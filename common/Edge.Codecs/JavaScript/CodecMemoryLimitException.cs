namespace Edge.Codecs.JavaScript;

/// <summary>Thrown inside the sandbox when a codec call has allocated more than its limit; reported as the call's failure.</summary>
public sealed class CodecMemoryLimitException : Exception
{
    public CodecMemoryLimitException(long allocated, long limit)
        : base($"allocated {allocated / 1024} KiB, more than the limit of {limit / 1024} KiB")
    {
    }

    public CodecMemoryLimitException()
    {
    }

    public CodecMemoryLimitException(string message)
        : base(message)
    {
    }

    public CodecMemoryLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
