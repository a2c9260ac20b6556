using Edge.Cloud.Bench;

// One run: throwaway PostgreSQL and cloud backend, then the yardstick (psql \copy), ingest over HTTP, the bucket query.
var arguments = CloudBenchArguments.Parse(args);
await using var environment = await BenchEnvironment.StartAsync(arguments);
var copy = await CopyYardstick.RunAsync(environment, arguments);
var ingest = await IngestLoad.RunAsync(environment, arguments);
var query = await BucketQuery.RunAsync(environment, arguments);
await CloudBenchReport.WriteAsync(arguments, environment, copy, ingest, query);
return 0;
