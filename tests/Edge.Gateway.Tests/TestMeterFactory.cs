using System.Diagnostics.Metrics;

namespace Edge.Gateway.Tests;

/// <summary>Plain meters for components under test (the metrics testing package is not served here).</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
