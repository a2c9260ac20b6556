using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;
using Edge.Telemetry.Contracts;
using Edge.Telemetry.Decoding;

namespace Edge.Cloud.Ingest;

/// <summary>
/// <c>POST /api/v1/sensor-data</c> (CONTRACTS section 5): a GPRS device without a gateway sends one reading with its
/// own API key, in the telemetry JSON of section 1. The cloud gives the reading an id of its own
/// (<c>@direct:{n}</c>, from a sequence: unique and never reused) and stores it through the gateways' pipeline, for
/// that device only.
/// </summary>
internal static class SensorDataApi
{
    /// <summary>Stands for "no gateway" in readings' <c>gatewayId</c>; cannot clash with a gateway (ids have no <c>@</c>).</summary>
    public const string DirectGatewayId = "@direct";

    private const string NextId = "SELECT nextval('direct_reading_ids')";

    public static RouteGroupBuilder MapSensorDataApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sensor-data", StoreAsync).AllowAnonymous().DisableAntiforgery();
        return api;
    }

    /// <summary>The reading's cloud-assigned id, when it was stored.</summary>
    internal sealed record SensorDataAccepted(string Id, string DeviceId, DateTimeOffset Ts);

    private static async Task<IResult> StoreAsync(
        HttpRequest request,
        DeviceKeyAuthenticator authenticator,
        IngestPipeline pipeline,
        TenantDatabase database,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var device = await authenticator.AuthenticateAsync(request.Headers[ApiKeys.HeaderName], cancellationToken);
        if (device is null)
        {
            return TypedResults.Problem($"a valid device key is required in {ApiKeys.HeaderName}", statusCode: StatusCodes.Status401Unauthorized);
        }

        var body = new byte[TelemetryJsonDecoder.DefaultMaxPayloadBytes + 1];
        var length = 0;
        int read;
        while (length < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > TelemetryJsonDecoder.DefaultMaxPayloadBytes)
        {
            return TypedResults.Problem($"a reading is at most {TelemetryJsonDecoder.DefaultMaxPayloadBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var decoded = TelemetryJsonDecoder.Decode(body.AsMemory(0, length));
        if (decoded.Telemetry is not { } telemetry)
        {
            return TypedResults.Problem($"the body is not telemetry JSON: {decoded.Error}", statusCode: StatusCodes.Status400BadRequest);
        }

        long sequence;
        await using (var session = await database.BeginAsync(TenantScope.Gateway(device.TenantId, DirectGatewayId), cancellationToken))
        {
            sequence = await session.Connection.ExecuteScalarAsync<long>(new CommandDefinition(NextId, transaction: session.Transaction, cancellationToken: cancellationToken));
        }

        var now = timeProvider.GetUtcNow();
        var reading = new Reading
        {
            Id = $"{DirectGatewayId}:{sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            GatewayId = DirectGatewayId,
            DeviceId = device.DeviceId,
            Ts = telemetry.Timestamp ?? now,
            ReceivedAt = now,
            Source = ReadingSources.Http,
            Seq = telemetry.Sequence,
            Values = new Dictionary<string, double>(telemetry.Values, StringComparer.Ordinal),
        };
        var sender = new AuthenticatedGateway(DirectGatewayId, device.TenantId, null, null) { DirectDeviceId = device.DeviceId };
        var result = await pipeline.IngestAsync(sender, new IngestBatch { GatewayId = DirectGatewayId, Readings = [reading] }, cancellationToken);
        if (result.Rejected.Count > 0)
        {
            return TypedResults.Problem($"the reading was refused: {result.Rejected[0].Reason}", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Reading refused");
        }

        return TypedResults.Created($"/api/v1/devices/{Uri.EscapeDataString(device.DeviceId)}/readings", new SensorDataAccepted(reading.Id, device.DeviceId, reading.Ts));
    }
}
