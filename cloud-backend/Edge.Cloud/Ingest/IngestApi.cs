using System.Text.Json;
using Edge.Cloud.Auth;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Ingest;

/// <summary><c>POST /api/v1/ingest</c> (CONTRACTS section 4): a gateway's batch, authenticated by its API key; gzip accepted.</summary>
internal static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this RouteGroupBuilder api)
    {
        api.MapPost("/ingest", IngestAsync).AllowAnonymous().DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> IngestAsync(
        HttpRequest request,
        GatewayAuthenticator authenticator,
        IngestPipeline pipeline,
        IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        var gateway = await authenticator.AuthenticateAsync(request.Headers[ApiKeys.HeaderName], cancellationToken);
        if (gateway is null)
        {
            return TypedResults.Problem($"a valid gateway key is required in {ApiKeys.HeaderName}", statusCode: StatusCodes.Status401Unauthorized);
        }

        IngestBatch? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync(request.Body, TelemetryJson.Default.IngestBatch, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem($"the body is not an ingest batch: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (batch is null)
        {
            return TypedResults.Problem("empty body", statusCode: StatusCodes.Status400BadRequest);
        }

        if (batch.GatewayId != gateway.Id)
        {
            return TypedResults.Problem($"this key belongs to gateway {gateway.Id}, not {batch.GatewayId}", statusCode: StatusCodes.Status403Forbidden);
        }

        var items = batch.Readings.Count + batch.Alerts.Count + batch.Gaps.Count;
        if (items > options.Value.MaxBatchItems)
        {
            return TypedResults.Problem($"{items} items in one batch; at most {options.Value.MaxBatchItems}", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return TypedResults.Ok(await pipeline.IngestAsync(gateway, batch, cancellationToken));
    }
}
