using System.Buffers;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Alarms.Sms;
using Edge.Gateway.ConfigSync;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;

namespace Edge.Gateway.Sources.Gsm;

/// <summary>What became of a GSM text: journaled as a reading, or refused (and journaled as a dead letter) with the reason.</summary>
internal sealed record GsmOutcome(bool Accepted, string? DeviceId, long? Seq, string? Reason);

/// <summary>
/// The common path of SMS and GPRS input: parse the text, check that the device belongs to this gateway (and, for an
/// SMS, that the sender's number is one of the device's), turn it into the telemetry JSON of CONTRACTS section 1 and
/// hand it to the journal like an MQTT message. Completes only after the journal has committed it, reading or dead
/// letter, so the reply a datalogger gets means "stored".
/// </summary>
internal sealed partial class GsmIntake(InboundQueue queue, GatewayConfigState config, TimeProvider timeProvider, ILogger<GsmIntake> logger)
{
    public Task<GsmOutcome> SubmitSmsAsync(string from, string text, DateTimeOffset? receivedAt, CancellationToken cancellationToken) =>
        SubmitAsync("sms", from, text, receivedAt, cancellationToken);

    public Task<GsmOutcome> SubmitGprsLineAsync(string line, CancellationToken cancellationToken) =>
        SubmitAsync("gprs", null, line, null, cancellationToken);

    private async Task<GsmOutcome> SubmitAsync(string channel, string? from, string text, DateTimeOffset? smsReceivedAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var (topic, payload, outcome) = Check(from, text, smsReceivedAt, now);
        if (!outcome.Accepted)
        {
            LogRefused(channel, from is null ? "-" : PhoneNumber.Mask(from), outcome.DeviceId ?? "-", outcome.Reason!);
            topic = outcome.DeviceId is { } id ? DeviceTopics.Telemetry(id) : "gsm/" + channel;
            payload = Encoding.UTF8.GetBytes(from is null ? text : "from=" + from + "\n" + text);
        }

        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync(
            new InboundMessage(ReadingSources.Gsm, topic, payload, now, false, _ =>
            {
                committed.TrySetResult();
                return ValueTask.CompletedTask;
            }, outcome.Accepted ? null : outcome.Reason),
            cancellationToken);
        await committed.Task.WaitAsync(cancellationToken);
        return outcome;
    }

    private (string Topic, byte[] Payload, GsmOutcome Outcome) Check(string? from, string text, DateTimeOffset? smsReceivedAt, DateTimeOffset now)
    {
        if (!GsmText.TryParse(text, out var reading, out var error))
        {
            return (string.Empty, [], new GsmOutcome(false, null, null, error));
        }

        var devices = config.Current.Config?.Devices;
        var device = devices?.FirstOrDefault(d => d.Id == reading!.DeviceId);
        if (device is null)
        {
            return (string.Empty, [], new GsmOutcome(false, reading!.DeviceId, reading.Seq,
                devices is null ? "no configuration yet: no device is known" : $"unknown device {reading!.DeviceId}"));
        }

        if (from is not null && !device.SmsNumbers.Contains(from, StringComparer.Ordinal))
        {
            return (string.Empty, [], new GsmOutcome(false, device.Id, reading!.Seq, $"sender {PhoneNumber.Mask(from)} is not a number of device {device.Id}"));
        }

        var ts = reading!.Ts ?? smsReceivedAt;
        var validated = ReadingValidator.Validate(new DecodedTelemetry(ts, reading.Seq, reading.Values), now);
        if (validated.IsRejected)
        {
            return (string.Empty, [], new GsmOutcome(false, device.Id, reading.Seq, validated.DescribeProblems()));
        }

        return (DeviceTopics.Telemetry(device.Id), ToTelemetryJson(ts, reading), new GsmOutcome(true, device.Id, reading.Seq, null));
    }

    /// <summary>The JSON of CONTRACTS section 1, so that the journal treats the reading like any other (same bytes, same reading).</summary>
    private static byte[] ToTelemetryJson(DateTimeOffset? ts, GsmReading reading)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (ts is { } time)
            {
                json.WriteString("ts", time.UtcDateTime);
            }

            if (reading.Seq is { } seq)
            {
                json.WriteNumber("seq", seq);
            }

            json.WriteStartObject("values");
            foreach (var (metric, value) in reading.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(metric, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
