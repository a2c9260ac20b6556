namespace Edge.Testing;

/// <summary>
/// A throwaway PKI made with <c>openssl</c> in a temporary folder: a CA, a broker certificate signed by it (subject
/// alternative names IP:127.0.0.1 and DNS:localhost), a client certificate signed by it (PEM; its key also encrypted,
/// and both in PKCS#12, with <see cref="Password"/>), and an unrelated CA that signed nothing. EC P-256 keys, valid for a week. The files are
/// world-readable: Mosquitto started as root reads them as the 'mosquitto' user.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string Password = "edge-test-secret";
    private static readonly TimeSpan OpensslTimeout = TimeSpan.FromSeconds(30);

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertificateFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>The client key as encrypted PKCS#8 PEM (<c>BEGIN ENCRYPTED PRIVATE KEY</c>), with <see cref="Password"/>.</summary>
    public string ClientEncryptedKeyFile => Path.Combine(Directory, "client-encrypted.key");

    public string ClientPkcs12File => Path.Combine(Directory, "client.p12");

    /// <summary>A CA that signed neither the broker's nor the client's certificate.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    public const string ClientCommonName = "edge-test-client";

    public static async Task<TestCertificates> CreateAsync()
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("edge-certs-").FullName);
        try
        {
            await certificates.GenerateAsync();
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task GenerateAsync()
    {
        await SelfSignedAsync("ca", "Edge Test CA");
        await SelfSignedAsync("other-ca", "Edge Other Test CA");
        await SignedAsync("server", "Edge Test Broker", "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth");
        await SignedAsync("client", ClientCommonName, "extendedKeyUsage=clientAuth");
        await OpensslAsync("pkcs12", "-export", "-in", ClientCertificateFile, "-inkey", ClientKeyFile, "-out", ClientPkcs12File,
            "-passout", "pass:" + Password);
        await OpensslAsync("pkcs8", "-topk8", "-in", ClientKeyFile, "-out", ClientEncryptedKeyFile, "-passout", "pass:" + Password);

        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private Task SelfSignedAsync(string name, string commonName) =>
        OpensslAsync([.. NewKeyAndCertificate(name, commonName)]);

    private Task SignedAsync(string name, string commonName, params string[] extensions) =>
        OpensslAsync([
            .. NewKeyAndCertificate(name, commonName),
            "-CA", CaFile, "-CAkey", Path.Combine(Directory, "ca.key"),
            "-addext", "basicConstraints=critical,CA:FALSE",
            .. extensions.SelectMany(extension => new[] { "-addext", extension }),
        ]);

    private string[] NewKeyAndCertificate(string name, string commonName) =>
    [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "7",
        "-subj", "/CN=" + commonName,
        "-keyout", Path.Combine(Directory, name + ".key"), "-out", Path.Combine(Directory, name + ".crt"),
    ];

    private static async Task OpensslAsync(params string[] arguments)
    {
        await using var openssl = ExternalProcess.Start("openssl", arguments);
        var exitCode = await openssl.WaitForExitAsync(OpensslTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited with {exitCode}:\n{openssl.Output}");
        }
    }
}
