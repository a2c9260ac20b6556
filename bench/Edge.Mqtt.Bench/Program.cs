using Edge.Mqtt.Bench;

// `sink` and `source` are the child processes the benchmarks start (a subscriber that counts, a publisher under perf);
// everything else is the bench itself.
return args switch
{
    ["sink", ..] => await SinkCommand.RunAsync(args[1..]),
    ["source", ..] => await SourceCommand.RunAsync(args[1..]),
    _ => await BenchCommand.RunAsync(args),
};
