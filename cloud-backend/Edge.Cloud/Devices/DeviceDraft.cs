using Edge.Rules;
using Edge.Telemetry;

namespace Edge.Cloud.Devices;

/// <summary>
/// A device as a technician describes it (POST and PUT bodies, CSV rows). On PUT a field left out keeps its value.
/// Latitude and longitude come together (WGS 84 degrees).
/// </summary>
internal sealed record DeviceDraft(
    string? Id = null,
    string? Name = null,
    string? Kind = null,
    double? Latitude = null,
    double? Longitude = null,
    string? GatewayId = null,
    DateOnly? InstalledOn = null)
{
    public const int MaxNameLength = 200;

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

        return errors;
    }
}
