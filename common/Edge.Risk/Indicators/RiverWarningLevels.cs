namespace Edge.Risk.Indicators;

/// <summary>
/// One station's warning levels (m above the station's datum, ascending) and the rate of rise (m/h) it treats as rapid.
/// The levels come from the station's hydrology (bankfull, first flooded property), never from this library.
/// </summary>
public sealed record RiverWarningLevels(double AdvisoryM, double WatchM, double WarningM, double RapidRiseMPerHour)
{
    /// <summary>The stage of <paramref name="levelM"/>, and whether <paramref name="riseMPerHour"/> is rapid.</summary>
    public RiverLevelAssessment Assess(double levelM, double? riseMPerHour)
    {
        if (!(AdvisoryM <= WatchM && WatchM <= WarningM))
        {
            throw new InvalidOperationException($"Warning levels must ascend: {AdvisoryM} <= {WatchM} <= {WarningM}.");
        }

        var stage = levelM >= WarningM ? RiverStage.Warning
            : levelM >= WatchM ? RiverStage.Watch
            : levelM >= AdvisoryM ? RiverStage.Advisory
            : RiverStage.Normal;
        var next = stage switch
        {
            RiverStage.Normal => AdvisoryM,
            RiverStage.Advisory => WatchM,
            RiverStage.Watch => WarningM,
            _ => (double?)null,
        };
        TimeSpan? untilNext = next is { } level && riseMPerHour is > 0 ? TimeSpan.FromHours((level - levelM) / riseMPerHour.Value) : null;
        return new RiverLevelAssessment(stage, levelM, riseMPerHour, riseMPerHour >= RapidRiseMPerHour, untilNext);
    }
}
