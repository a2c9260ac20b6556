using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Edge.Kafka;

/// <summary>
/// Points Confluent.Kafka at the system's librdkafka: Debian's <c>librdkafka1</c> installs <c>librdkafka.so.1</c>
/// (no unversioned name), and the NuGet package that would carry the library is a placeholder here
/// (packaging/README.md). One resolver per process: the gateway and the cloud both call this before their first Kafka client.
/// </summary>
public static class Librdkafka
{
    public const string SystemLibrary = "librdkafka.so.1";

    private static readonly Lazy<string> Loaded = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => name switch
        {
            "librdkafka" => NativeLibrary.Load(SystemLibrary),
            "libdl" => NativeLibrary.Load("libdl.so.2"),
            _ => IntPtr.Zero,
        });
        Library.Load();
        return Library.VersionString;
    });

    /// <summary>Loads the library once; returns its version.</summary>
    public static string EnsureLoaded() => Loaded.Value;
}
