namespace Edge.Risk.Indicators;

/// <summary>A river station's stage against its warning levels, lowest first.</summary>
public enum RiverStage
{
    Normal,
    Advisory,
    Watch,
    Warning,
}
