using Edge.Gateway.Bench;

return await BenchCommand.RunAsync(args);
