using System.CommandLine;

namespace Edge.FirmwareSim.Cli;

/// <summary>
/// The command line: <c>--devices N --rate R --broker host:port [--seed S] [--duration D|--count M] [--qos 0|1] ...</c>.
/// Invalid arguments print clear errors and exit with code 2; Ctrl-C and SIGTERM cancel the run, which then stops
/// gracefully (the process is only forced down if that takes longer than the drain and shutdown timeouts).
/// </summary>
internal static class SimulatorCommand
{
    public const int UsageError = 2;

    public static async Task<int> InvokeAsync(
        string[] args,
        Func<SimulatorOptions, CancellationToken, Task<int>> run,
        TextWriter? output = null,
        TextWriter? error = null)
    {
        var options = new CommandLineOptions();
        var command = new RootCommand("Simulated field sensors (rain gauge, river level, soil moisture, tilt meter) publishing telemetry over MQTT.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(options.Validate);
        command.SetAction((parseResult, cancellationToken) => run(options.Bind(parseResult), cancellationToken));
        var parseResult = command.Parse(args);
        error ??= Console.Error;
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("error: " + parseError.Message);
            }

            await error.WriteLineAsync("Run with --help for the options.");
            return UsageError;
        }

        var bound = options.Bind(parseResult);
        return await parseResult.InvokeAsync(new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error,
            ProcessTerminationTimeout = bound.DrainTimeout + bound.ShutdownTimeout + TimeSpan.FromSeconds(5),
        });
    }
}
