using System.Security.Cryptography;
using System.Text;

namespace Edge.FirmwareSim.LoRaWan;

/// <summary>
/// The DevEUI of a simulated device: the first eight bytes of the SHA-256 of its device id, as 16 lower-case hex digits
/// (CONTRACTS section 1). A function of the id only, so a test or a provisioning script can compute it too.
/// </summary>
internal static class DevEui
{
    public static string For(string deviceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deviceId)).AsSpan(0, 8));
}
