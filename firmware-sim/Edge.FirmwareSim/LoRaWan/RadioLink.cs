using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.LoRaWan;

/// <summary>One LoRaWAN gateway's reception of a frame, as the network server reports it.</summary>
internal sealed record Reception(string GatewayId, double RssiDbm, double SnrDb);

/// <summary>
/// The radio path of a LoRaWAN device to two receiving gateways. The near gateway hears it at a site-dependent mean
/// RSSI of -115 to -75 dBm with slow fading (4 dB, forgetting over half an hour of reports); the far one 6-18 dB weaker.
/// SNR follows RSSI above the 125 kHz noise floor of about -117 dBm, saturating at +12.5 dB as real receivers do and
/// floored at -20 dB (SF12's limit); RSSI in whole dB, SNR in quarter dB. Deterministic per (seed, device).
/// </summary>
internal sealed class RadioLink
{
    public const string NearGatewayId = "0016c001f153a14c";
    public const string FarGatewayId = "0016c001f153a14d";
    private const double NoiseFloorDbm = -117;
    private readonly SimRandom _random;
    private readonly MeanReverting _fading;
    private readonly double _farLossDb;

    public RadioLink(int seed, int deviceIndex)
    {
        _random = SimRandom.ForDevice(seed ^ 0x5ad10, deviceIndex);
        _fading = new MeanReverting(_random, _random.Uniform(-115, -75), 4, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        _farLossDb = _random.Uniform(6, 18);
    }

    /// <summary>The receptions of the next frame, nearest gateway first.</summary>
    public IReadOnlyList<Reception> Next()
    {
        var rssi = Math.Clamp(_fading.Next(_random), -140, -30);
        var farRssi = rssi - _farLossDb + (2 * _random.NextGaussian());
        return [Receive(NearGatewayId, rssi), Receive(FarGatewayId, farRssi)];
    }

    private Reception Receive(string gatewayId, double rssi)
    {
        var snr = Math.Clamp(rssi - NoiseFloorDbm + _random.NextGaussian(), -20, 12.5);
        return new Reception(gatewayId, Math.Round(rssi), Math.Round(snr * 4) / 4);
    }
}
