using System.Diagnostics;

namespace Edge.Mqtt.Tests.Load;

/// <summary>The test process's memory and threads at one moment (managed heap after a full collection).</summary>
internal readonly record struct ProcessFigures(long ManagedHeapBytes, long WorkingSetBytes, int Threads, long Timers)
{
    public static ProcessFigures Take()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new ProcessFigures(heap, process.WorkingSet64, process.Threads.Count, Timer.ActiveCount);
    }

    /// <summary>Bytes of managed heap per connection between <paramref name="before"/> and this.</summary>
    public double HeapPerConnection(ProcessFigures before, int connections) => (double)(ManagedHeapBytes - before.ManagedHeapBytes) / connections;

    public double WorkingSetPerConnection(ProcessFigures before, int connections) => (double)(WorkingSetBytes - before.WorkingSetBytes) / connections;

    public override string ToString() =>
        $"managed heap {ManagedHeapBytes / 1048576.0:F1} MiB, working set {WorkingSetBytes / 1048576.0:F1} MiB, {Threads} threads, {Timers} timers";
}
