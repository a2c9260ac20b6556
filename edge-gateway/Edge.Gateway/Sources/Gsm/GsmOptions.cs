using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Sources.Gsm;

/// <summary>GSM dataloggers: SMS delivered to <c>POST /gsm/sms</c> and GPRS lines over TCP (section <c>Gsm</c>).</summary>
public sealed class GsmOptions
{
    public const string Section = "Gsm";

    /// <summary>TCP port of the GPRS line protocol; 0 turns the listener off.</summary>
    [Range(0, 65535)]
    public int GprsPort { get; set; } = 5082;

    /// <summary>Address the GPRS listener binds to (all interfaces by default: dataloggers come in over the mobile network).</summary>
    [Required]
    [RegularExpression(@"^[0-9a-fA-F:.]+$", ErrorMessage = "GprsBindAddress must be an IP address")]
    public string GprsBindAddress { get; set; } = "0.0.0.0";

    /// <summary>A longer GPRS line is answered <c>ERR line too long</c> and the connection closed.</summary>
    [Range(32, 65536)]
    public int MaxLineBytes { get; set; } = 1024;

    /// <summary>A GPRS connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>GPRS connections served at once; more wait in the listen backlog.</summary>
    [Range(1, 10000)]
    public int MaxConnections { get; set; } = 200;

    /// <summary>Longest SMS text accepted (a concatenated SMS of several parts is fine).</summary>
    [Range(16, 65536)]
    public int MaxSmsTextLength { get; set; } = 2048;
}
