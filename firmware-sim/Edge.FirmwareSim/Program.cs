using Edge.FirmwareSim;
using Edge.FirmwareSim.Cli;

return await SimulatorCommand.InvokeAsync(args, SimulatorHost.RunAsync);
