using System.Text.Json;

namespace Edge.Cloud.Zones;

/// <summary>
/// Reads a request's JSON body itself, so that a body that is not JSON is a 400 with the parser's reason in every
/// environment (minimal API binding throws instead where <c>ThrowOnBadRequest</c> is on, as in Development).
/// </summary>
internal static class GeoJsonBody
{
    public static async Task<(JsonElement Body, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException error)
        {
            return (default, "the body is not JSON: " + error.Message);
        }
    }
}
