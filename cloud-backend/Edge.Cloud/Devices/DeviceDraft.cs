using Edge.Rules;
using Edge.Telemetry;

namespace Edge.Cloud.Devices;

/// <summary>
/// A device as a technician describes it (POST and PUT bodies, CSV rows). On PUT a field left out keeps its value.
/// Latitude and longitude come together (WGS 84 degrees). A LoRaWAN device has its <see cref="DevEui"/> (16 hex digits,
/// stored lower case); a device whose payloads need a codec names its <see cref="ProfileId"/>; a GSM datalogger has the
/// E.164 <see cref="SmsNumbers"/> it sends from; <see cref="ReportIntervalS"/> is the interval its config downlink carries.
/// </summary>
internal sealed record DeviceDraft(
    string? Id = null,
    string? Name = null,
    string? Kind = null,
    double? Latitude = null,
    double? Longitude = null,
    string? GatewayId = null,
    DateOnly? InstalledOn = null,
    string? DevEui = null,
    Guid? ProfileId = null,
    IReadOnlyList<string>? SmsNumbers = null,
    int? ReportIntervalS = null)
{
    public const int MaxNameLength = 200;
    public const int MaxSmsNumbers = 10;

    /// <summary>The draft with its DevEUI in the form stored and served (lower case, separators removed).</summary>
    public DeviceDraft Normalized() => DevEui is null ? this : this with { DevEui = DevEui.Replace("-", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant() };

    /// <summary>What is wrong with the draft on its own (the database checks the gateway and the boundary), by field.</summary>
    public Dictionary<string, string[]> Check(bool idRequired)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (idRequired && (Id is null || !DeviceId.IsValid(Id)))
        {
            errors["id"] = ["1-64 characters of [A-Za-z0-9._-]"];
        }

        if (Name is { Length: 0 or > MaxNameLength })
        {
            errors["name"] = [$"1-{MaxNameLength} characters"];
        }

        if (Kind is not null && !DeviceKinds.All.Contains(Kind))
        {
            errors["kind"] = [$"one of {string.Join(", ", DeviceKinds.All.Order(StringComparer.Ordinal))}"];
        }

        if (Latitude.HasValue != Longitude.HasValue)
        {
            errors["location"] = ["latitude and longitude come together"];
        }

        if (Latitude is { } latitude && !(latitude is >= -90 and <= 90))
        {
            errors["latitude"] = ["-90 to 90 degrees"];
        }

        if (Longitude is { } longitude && !(longitude is >= -180 and <= 180))
        {
            errors["longitude"] = ["-180 to 180 degrees"];
        }

        if (GatewayId is not null && !DeviceId.IsValid(GatewayId))
        {
            errors["gatewayId"] = ["1-64 characters of [A-Za-z0-9._-]"];
        }

        if (DevEui is not null && !IsDevEui(Normalized().DevEui!))
        {
            errors["devEui"] = ["16 hexadecimal digits"];
        }

        if (SmsNumbers is { } numbers && (numbers.Count > MaxSmsNumbers || numbers.Any(number => !IsE164(number)) || numbers.Distinct(StringComparer.Ordinal).Count() != numbers.Count))
        {
            errors["smsNumbers"] = [$"at most {MaxSmsNumbers} distinct numbers in E.164 form, e.g. +254700000001"];
        }

        if (ReportIntervalS is { } interval && interval is < 1 or > 86400)
        {
            errors["reportIntervalS"] = ["1 to 86400 seconds"];
        }

        return errors;
    }

    private static bool IsDevEui(string text) => text.Length == 16 && text.All(char.IsAsciiHexDigit);

    private static bool IsE164(string? number) =>
        number is { Length: >= 8 and <= 16 } && number[0] == '+' && number[1] is >= '1' and <= '9' && number.Skip(1).All(char.IsAsciiDigit);
}
