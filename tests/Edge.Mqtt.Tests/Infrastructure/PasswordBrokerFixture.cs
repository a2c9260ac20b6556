using Edge.Testing;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>A broker that refuses anonymous clients and knows one user, from a file made by <c>mosquitto_passwd</c>.</summary>
public sealed class PasswordBrokerFixture : BrokerFixture
{
    public const string Username = "gateway";
    public const string Password = "s3cret-Pa55";

    private static readonly string PasswordFile = Path.Combine(Directory.CreateTempSubdirectory("edge-mqtt-passwd-").FullName, "passwd");

    public PasswordBrokerFixture()
        : base(["allow_anonymous false", $"password_file {PasswordFile}"])
    {
    }

    public override async Task InitializeAsync()
    {
        await using (var passwd = ExternalProcess.Start("mosquitto_passwd", ["-b", "-c", PasswordFile, Username, Password]))
        {
            Assert.Equal(0, await passwd.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        // Mosquitto started as root reads the file as the 'mosquitto' user.
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.GetDirectoryName(PasswordFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await base.InitializeAsync();
    }
}
