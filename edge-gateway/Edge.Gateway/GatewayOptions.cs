using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway;

/// <summary>Who this gateway is and where it keeps its state (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The gateway's id, as registered in the cloud; the prefix of every reading id it assigns.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string Id { get; set; } = string.Empty;

    /// <summary>Folder for the journal and cached state; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}
