using Edge.Gateway.Alarms.Sms;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Sources.Gsm;

/// <summary>An SMS as an SMS gateway or modem delivers it (CONTRACTS section 2).</summary>
internal sealed record SmsDelivery(string? From, string? Text, DateTimeOffset? ReceivedAt);

/// <summary>
/// <c>POST /gsm/sms</c>: an SMS from a datalogger. 200 once the reading is journaled; 422 (problem details) when it is
/// refused (unknown sender or device, unreadable text, values all out of range), after the refusal is journaled as a
/// dead letter; 400 for a body that is not the JSON above. A client should not retry a 422.
/// </summary>
internal static class SmsApi
{
    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/gsm/sms", async (SmsDelivery sms, GsmIntake intake, IOptions<GsmOptions> options, CancellationToken cancellationToken) =>
        {
            if (!PhoneNumber.IsValid(sms.From))
            {
                return Results.Problem("from must be an E.164 number such as +254700000001", statusCode: StatusCodes.Status400BadRequest);
            }

            if (string.IsNullOrWhiteSpace(sms.Text) || sms.Text.Length > options.Value.MaxSmsTextLength)
            {
                return Results.Problem($"text must hold 1-{options.Value.MaxSmsTextLength} characters", statusCode: StatusCodes.Status400BadRequest);
            }

            var outcome = await intake.SubmitSmsAsync(sms.From!, sms.Text, sms.ReceivedAt, cancellationToken);
            return outcome.Accepted
                ? Results.Ok(new { accepted = true, deviceId = outcome.DeviceId })
                : Results.Problem(outcome.Reason, statusCode: StatusCodes.Status422UnprocessableEntity, title: "SMS refused");
        });
        return endpoints;
    }
}
