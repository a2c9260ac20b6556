using System.Runtime.CompilerServices;
using Edge.Codecs.CayenneLpp;
using Edge.Codecs.Profiles;
using Edge.Gateway.Decoding.LoRaWan;
using Edge.Gateway.Downlinks;
using Edge.Gateway.Sources;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Edge.Telemetry.Decoding;

namespace Edge.Gateway.Decoding;

/// <summary>
/// Routes an inbound message by its topic to its decoder and makes the reading and/or dead letter: telemetry JSON,
/// Cayenne LPP (<c>devices/{id}/telemetry/lpp</c>), ChirpStack v4 events and The Things Stack v3 uplinks. LoRaWAN devices are
/// found by DevEUI in the gateway's configuration; the network server's decoded object is used when present, otherwise the
/// device profile's codec on the raw payload. A frame counter already taken drops the frame (counted); gaps are counted.
/// A join, a status event without values, or a frame without application payload makes neither reading nor dead letter.
/// A message decoded again (its journal commit retried) is counted once.
/// </summary>
internal sealed class InboundDecoder(DeviceRegistry registry, FrameCounters frames, LoRaWanMetrics metrics, LoRaWanRoutes routes)
{
    private static readonly object Seen = new();
    private readonly ConditionalWeakTable<InboundMessage, object> _counted = [];

    public (NormalizedReading? Reading, DeadLetter? DeadLetter) Normalize(InboundMessage message, int maxPayloadBytes)
    {
        var result = Route(message, maxPayloadBytes);
        if (result.DeadLetter is { } deadLetter && FirstTime(message))
        {
            // Labelled only with devices of the configuration: anyone on the broker could invent ids without end.
            metrics.Rejected(deadLetter.DeviceId is { } id && registry.Current.ById.ContainsKey(id) ? id : null);
        }

        return result;
    }

    private bool FirstTime(InboundMessage message) => _counted.TryAdd(message, Seen);

    private (NormalizedReading? Reading, DeadLetter? DeadLetter) Route(InboundMessage message, int maxPayloadBytes)
    {
        if (message.Payload.Length > maxPayloadBytes)
        {
            return (null, TelemetryNormalizer.Reject(message, null, $"payload of {message.Payload.Length} bytes exceeds the limit of {maxPayloadBytes} bytes"));
        }

        if (DeviceTopics.TryParseLppTelemetry(message.Topic, out var lppDevice))
        {
            return Lpp(message, lppDevice);
        }

        // A network server's event arrives over MQTT, but its reading came over LoRaWAN (CONTRACTS section 4: source "lorawan").
        if (ChirpStackEvents.TryMatch(message.Topic, out var kind))
        {
            return LoRaWan(message, message with { Source = ReadingSources.Lorawan }, ChirpStackEvents.Parse(kind, message.Payload));
        }

        if (ThingsStackUplinks.IsUplinkTopic(message.Topic))
        {
            return LoRaWan(message, message with { Source = ReadingSources.Lorawan }, ThingsStackUplinks.Parse(message.Payload));
        }

        return TelemetryNormalizer.Normalize(message, maxPayloadBytes);
    }

    private (NormalizedReading?, DeadLetter?) Lpp(InboundMessage message, string deviceId)
    {
        if (!DeviceId.IsValid(deviceId))
        {
            return (null, TelemetryNormalizer.Reject(message, null, $"invalid device id \"{deviceId}\": 1-{DeviceId.MaxLength} characters of [A-Za-z0-9._-]"));
        }

        var fields = LppDecoder.Decode(message.Payload.Span);
        if (!fields.Succeeded)
        {
            return (null, TelemetryNormalizer.Reject(message, deviceId, fields.Error!));
        }

        // A device with a profile has its LPP channels mapped to metrics; one without keeps the LPP field names as they come.
        var snapshot = registry.Current;
        if (snapshot.ById.TryGetValue(deviceId, out var device))
        {
            var (profile, error) = snapshot.ProfileOf(device);
            if (error is not null)
            {
                return (null, TelemetryNormalizer.Reject(message, deviceId, error));
            }

            if (profile is not null)
            {
                var mapped = ProfileDecoder.Map(profile, fields.Fields!);
                return mapped.Telemetry is { } telemetry
                    ? TelemetryNormalizer.Accept(message, deviceId, telemetry)
                    : (null, TelemetryNormalizer.Reject(message, deviceId, mapped.Error!));
            }
        }

        return TelemetryNormalizer.Accept(message, deviceId, new DecodedTelemetry(null, null, fields.Fields!));
    }

    private (NormalizedReading?, DeadLetter?) LoRaWan(InboundMessage message, InboundMessage asLoRaWan, LoRaWanParse parse)
    {
        if (parse.Uplink is not { } uplink)
        {
            return (null, TelemetryNormalizer.Reject(asLoRaWan, null, parse.DevEui is null ? parse.Error! : $"DevEUI {parse.DevEui}: {parse.Error}"));
        }

        var snapshot = registry.Current;
        if (!snapshot.ByDevEui.TryGetValue(uplink.DevEui, out var device))
        {
            return (null, TelemetryNormalizer.Reject(asLoRaWan, null, $"unknown DevEUI {uplink.DevEui}: no device of this gateway has it"));
        }

        if (uplink.Kind == LoRaWanEventKind.Up)
        {
            routes.Observe(uplink.DevEui, message.Topic); // where this device's config downlinks go
        }

        switch (uplink.Kind)
        {
            case LoRaWanEventKind.Join:
                frames.Joined(uplink.DevEui);
                return (null, null);
            case LoRaWanEventKind.Status:
                return uplink.StatusValues.Count == 0
                    ? (null, null)
                    : TelemetryNormalizer.Accept(asLoRaWan, device.Id, new DecodedTelemetry(uplink.Time, null, uplink.StatusValues));
        }

        if (uplink.FrameCounter is { } frameCounter)
        {
            var (verdict, missing) = frames.Check(uplink.DevEui, frameCounter, message);
            if (verdict == FrameVerdict.Duplicate)
            {
                if (FirstTime(message))
                {
                    metrics.Duplicate(device.Id);
                }

                return (null, null);
            }

            if (missing > 0)
            {
                metrics.Missing(device.Id, missing);
            }
        }

        var decoded = Decode(uplink, device, snapshot);
        if (decoded.Telemetry is not { } telemetry)
        {
            return decoded.Error is null ? (null, null) : (null, TelemetryNormalizer.Reject(asLoRaWan, device.Id, decoded.Error));
        }

        var values = new Dictionary<string, double>(telemetry.Values, StringComparer.Ordinal);
        if (uplink.RssiDbm is { } rssi)
        {
            values[CanonicalMetrics.RssiDbm] = rssi;
        }

        if (uplink.SnrDb is { } snr)
        {
            values[CanonicalMetrics.SnrDb] = snr;
        }

        return TelemetryNormalizer.Accept(asLoRaWan, device.Id, new DecodedTelemetry(uplink.Time, uplink.FrameCounter, values));
    }

    private static DecodeOutcome Decode(LoRaWanUplink uplink, GatewayDevice device, DeviceRegistry.Snapshot snapshot)
    {
        var (profile, error) = snapshot.ProfileOf(device);
        if (uplink.Decoded is { } decoded)
        {
            return profile is null ? DecodeOutcome.Success(new DecodedTelemetry(null, null, decoded)) : ProfileDecoder.Map(profile, decoded);
        }

        if (uplink.Payload.Length == 0)
        {
            return default; // MAC commands only: nothing to store, nothing wrong
        }

        if (error is not null)
        {
            return DecodeOutcome.Failure(error);
        }

        return profile is null
            ? DecodeOutcome.Failure($"device {device.Id} has no profile to decode its payload and the network server decoded none")
            : ProfileDecoder.Decode(profile, uplink.Payload, uplink.FPort);
    }
}
