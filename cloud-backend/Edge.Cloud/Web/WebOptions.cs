namespace Edge.Cloud.Web;

/// <summary>The control-room pages (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Map tile URL template (e.g. <c>https://tile.openstreetmap.org/{z}/{x}/{y}.png</c>). Empty: no base map, the
    /// sensors and zones are drawn as vector layers on a plain background, which works with no internet at all.
    /// </summary>
    public string TileUrl { get; set; } = string.Empty;

    public string TileAttribution { get; set; } = string.Empty;
}
