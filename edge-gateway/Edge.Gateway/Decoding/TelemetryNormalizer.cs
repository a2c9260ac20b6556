using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Edge.Gateway.Sources;
using Edge.Telemetry;
using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;

namespace Edge.Gateway.Decoding;

/// <summary>
/// Turns a raw telemetry message (MQTT, or GSM text already turned into the same JSON) into a canonical reading and/or a dead letter (CONTRACTS sections 1 and 3).
/// A message can yield both: a station's good values are kept while its absurd ones are dead-lettered with the reason.
/// </summary>
internal static class TelemetryNormalizer
{
    /// <summary>Dead letters keep at most this much of the offending payload.</summary>
    public const int MaxDeadLetterPayloadBytes = 4096;

    /// <summary>Fingerprint input up to this size is hashed from the stack.</summary>
    private const int StackLimit = 1024;

    public static (NormalizedReading? Reading, DeadLetter? DeadLetter) Normalize(InboundMessage message, int maxPayloadBytes)
    {
        if (message.RejectedBecause is { } reason)
        {
            var named = DeviceTopics.TryParseTelemetry(message.Topic, out var id) && DeviceId.IsValid(id) ? id : null;
            return (null, Reject(message, named, reason));
        }

        if (!DeviceTopics.TryParseTelemetry(message.Topic, out var deviceId))
        {
            return (null, Reject(message, null, $"not a telemetry topic: {message.Topic}"));
        }

        if (!DeviceId.IsValid(deviceId))
        {
            return (null, Reject(message, null, $"invalid device id \"{deviceId}\": 1-{DeviceId.MaxLength} characters of [A-Za-z0-9._-]"));
        }

        var decoded = TelemetryJsonDecoder.Decode(message.Payload, maxPayloadBytes);
        if (decoded.Telemetry is not { } telemetry)
        {
            return (null, Reject(message, deviceId, decoded.Error!));
        }

        return Accept(message, deviceId, telemetry);
    }

    /// <summary>
    /// Validates decoded telemetry (from any codec) and makes the reading and/or the dead letter. The measurement time, when the
    /// payload or its network server gives one, makes the same message from the same device recognisable as a repeat.
    /// </summary>
    public static (NormalizedReading? Reading, DeadLetter? DeadLetter) Accept(InboundMessage message, string deviceId, DecodedTelemetry telemetry)
    {
        var validated = ReadingValidator.Validate(telemetry, message.ReceivedAt);
        var deadLetter = validated.IsRejected || validated.Violations.Count > 0 ? Reject(message, deviceId, validated.DescribeProblems()) : null;
        if (validated.IsRejected)
        {
            return (null, deadLetter);
        }

        var reading = new NormalizedReading(
            deviceId,
            validated.Timestamp,
            message.ReceivedAt,
            message.Source,
            validated.Sequence,
            validated.Values,
            Fingerprint(deviceId, message.Payload.Span),
            telemetry.Timestamp is not null ? DuplicateCheck.AnyKept
            : message.Redelivered ? DuplicateCheck.DeviceLatest
            : DuplicateCheck.None);
        return (reading, deadLetter);
    }

    public static DeadLetter Reject(InboundMessage message, string? deviceId, string reason) =>
        new(message.ReceivedAt, message.Source, message.Topic, deviceId, reason,
            message.Payload.Length > MaxDeadLetterPayloadBytes ? message.Payload[..MaxDeadLetterPayloadBytes] : message.Payload);

    /// <summary>The first 16 bytes of SHA-256 over the device id (UTF-8), a zero byte and the payload.</summary>
    private static byte[] Fingerprint(string deviceId, ReadOnlySpan<byte> payload)
    {
        var length = Encoding.UTF8.GetByteCount(deviceId) + 1 + payload.Length;
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            var written = Encoding.UTF8.GetBytes(deviceId, input);
            input[written] = 0;
            payload.CopyTo(input[(written + 1)..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(input, hash);
            return hash[..16].ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
