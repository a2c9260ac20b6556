using System.Security.Cryptography;
using System.Text;

namespace Edge.Cloud.Auth;

/// <summary>
/// API keys of gateways (and, later, directly connected devices): 256-bit random values, shown once, stored as SHA-256.
/// A fast hash is right here because the keys carry full entropy; passwords of people use <see cref="PasswordHasher"/>.
/// </summary>
internal static class ApiKeys
{
    public const string HeaderName = "X-Api-Key";

    public static string Generate() => "edge_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
