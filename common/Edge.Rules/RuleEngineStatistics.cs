namespace Edge.Rules;

/// <summary>Counters since the engine was created, for health pages and logs.</summary>
/// <param name="Readings">Readings evaluated.</param>
/// <param name="OutOfOrder">Values that arrived after a newer one of the same device and rule (evaluated in their place).</param>
/// <param name="FromTheFuture">Readings measured further ahead of the clock than <see cref="RuleEngineOptions.MaxFutureSkew"/>: ignored.</param>
/// <param name="TooLate">Readings older than <see cref="RuleEngineOptions.MaxLateness"/>: they fill windows but raise nothing.</param>
/// <param name="NotRetained">Values older than anything a window still needs: ignored.</param>
/// <param name="Duplicates">Values identical to one already held (same device, rule, measurement time): ignored.</param>
/// <param name="DroppedByCap">Values dropped from a window still in use because a track held <see cref="RuleEngineOptions.MaxPointsPerTrack"/>: that window under-counts. Not zero means the cap is too small for the device's report rate.</param>
/// <param name="Devices">Devices the engine knows.</param>
/// <param name="RetainedPoints">Values held in all windows now.</param>
public readonly record struct RuleEngineStatistics(
    long Readings,
    long OutOfOrder,
    long FromTheFuture,
    long TooLate,
    long NotRetained,
    long Duplicates,
    long DroppedByCap,
    int Devices,
    long RetainedPoints);
