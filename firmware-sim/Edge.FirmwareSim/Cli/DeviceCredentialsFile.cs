using System.Text.RegularExpressions;

namespace Edge.FirmwareSim.Cli;

/// <summary>
/// <c>--credentials FILE</c>: one <c>deviceId,password</c> per line, as a technician collects them from
/// <c>POST /api/v1/devices/{id}/credentials</c> (the broker account's user name is the device id). Blank lines and
/// lines starting with <c>#</c> are skipped.
/// </summary>
internal static partial class DeviceCredentialsFile
{
    public static (IReadOnlyDictionary<string, string>? Credentials, string? Error) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (null, $"no such file \"{path}\"");
        }

        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var comma = text.IndexOf(',', StringComparison.Ordinal);
            var deviceId = comma > 0 ? text[..comma] : string.Empty;
            var password = comma > 0 ? text[(comma + 1)..] : string.Empty;
            if (!DeviceId().IsMatch(deviceId) || password.Length == 0)
            {
                return (null, $"line {number} of \"{path}\" is not \"deviceId,password\"");
            }

            if (!credentials.TryAdd(deviceId, password))
            {
                return (null, $"line {number} of \"{path}\": device \"{deviceId}\" is listed twice");
            }
        }

        return (credentials, null);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex DeviceId();
}
