namespace Edge.Risk.Windows;

/// <summary>What <see cref="RollingWindow.Add(DateTimeOffset, double)"/> did with a reading.</summary>
public enum WindowAdd
{
    /// <summary>Newest so far: appended at the end.</summary>
    Appended,

    /// <summary>Late but within the window's lateness: inserted in measurement-time order.</summary>
    InsertedLate,

    /// <summary>Same measurement time as a kept reading: the newer arrival replaces it (a device retry).</summary>
    Replaced,

    /// <summary>Later than the lateness allows: ignored, and counted in <see cref="RollingWindow.TooLate"/>.</summary>
    TooLate,

    /// <summary>NaN or infinite: ignored.</summary>
    NotFinite,
}
