using Edge.Mqtt.Bench;

// `sink` is the counting subscriber the publish benchmark starts as a separate process; everything else is the bench.
return args is ["sink", ..]
    ? await SinkCommand.RunAsync(args[1..])
    : await BenchCommand.RunAsync(args);
