namespace Edge.Telemetry;

/// <summary>Device identifiers: 1-64 characters of <c>[A-Za-z0-9._-]</c> (CONTRACTS section 1).</summary>
public static class DeviceId
{
    public const int MaxLength = 64;

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
