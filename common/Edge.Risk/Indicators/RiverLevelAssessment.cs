namespace Edge.Risk.Indicators;

/// <summary>
/// A river level judged against its station's levels: the stage, whether the rise is rapid, and, while rising, the time
/// to the next level at the current rate (a linear extrapolation, not a hydrological forecast).
/// </summary>
public sealed record RiverLevelAssessment(RiverStage Stage, double LevelM, double? RiseMPerHour, bool RapidRise, TimeSpan? TimeToNextStage);
