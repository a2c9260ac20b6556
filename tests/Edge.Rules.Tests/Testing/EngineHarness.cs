namespace Edge.Rules.Tests.Testing;

/// <summary>
/// An engine on a manual clock, with the output of each call returned as lists and kept in full. Times are given in
/// minutes after <see cref="T0"/>. <see cref="Read"/> is a reading that arrives as it is measured (the clock moves to
/// its time); <see cref="ReadLate"/> one measured at <c>minute</c> that arrives now.
/// </summary>
internal sealed class EngineHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private readonly AlarmOutput _output = new();

    public EngineHarness(RuleSet rules, RuleEngineOptions? options = null, IReadOnlyDictionary<string, string>? kinds = null, DateTimeOffset? start = null)
    {
        Clock = new ManualTimeProvider(start ?? T0);
        Engine = new RuleEngine(rules, Clock, options, kinds);
    }

    public ManualTimeProvider Clock { get; }

    public RuleEngine Engine { get; }

    public List<AlarmTransition> Transitions { get; } = [];

    public List<AlarmNotification> Notifications { get; } = [];

    public static DateTimeOffset At(double minute) => T0.AddMinutes(minute);

    /// <summary>A reading measured at <paramref name="minute"/> and received then (the clock moves there).</summary>
    public Result Read(string device, double minute, string metric, double value)
    {
        Clock.MoveTo(At(minute));
        return ReadLate(device, minute, metric, value);
    }

    /// <summary>A reading measured at <paramref name="minute"/>, received now.</summary>
    public Result ReadLate(string device, double minute, string metric, double value) =>
        Evaluate(new RuleReading(device, At(minute), Clock.GetUtcNow(), new Dictionary<string, double> { [metric] = value }));

    public Result Evaluate(RuleReading reading) => Collect(output => Engine.Evaluate(reading, output));

    /// <summary>Readings every <paramref name="stepMinutes"/> from <paramref name="fromMinute"/>, arriving as measured.</summary>
    public Result Series(string device, string metric, double fromMinute, double stepMinutes, params double[] values)
    {
        var all = new Result([], []);
        for (var i = 0; i < values.Length; i++)
        {
            all = all.Concat(Read(device, fromMinute + (i * stepMinutes), metric, values[i]));
        }

        return all;
    }

    public Result TickAt(double minute)
    {
        Clock.MoveTo(At(minute));
        return Collect(output => Engine.Tick(output));
    }

    public Result Collect(Action<AlarmOutput> call)
    {
        _output.Clear();
        call(_output);
        var result = new Result([.. _output.Transitions], [.. _output.Notifications]);
        Transitions.AddRange(result.Transitions);
        Notifications.AddRange(result.Notifications);
        _output.Clear();
        return result;
    }

    public sealed record Result(IReadOnlyList<AlarmTransition> Transitions, IReadOnlyList<AlarmNotification> Notifications)
    {
        public Result Concat(Result other) => new([.. Transitions, .. other.Transitions], [.. Notifications, .. other.Notifications]);

        /// <summary>Compact form for assertions: "Raised warning 2.6@10", minutes after T0.</summary>
        public IReadOnlyList<string> Changes => [.. Transitions.Select(Describe)];
    }

    public static string Describe(AlarmTransition t) =>
        $"{t.Change} {t.Severity.ToString().ToLowerInvariant()} {RuleNames.Number(Math.Round(t.Value, 6) + 0.0)}@{RuleNames.Number((t.Ts - T0).TotalMinutes)}";
}
