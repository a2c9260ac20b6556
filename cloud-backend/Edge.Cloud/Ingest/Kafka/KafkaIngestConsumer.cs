using Confluent.Kafka;
using Edge.Kafka;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Ingest.Kafka;

/// <summary>
/// The consumer group feeding the ingest pipeline from <c>sensor.raw</c>, <c>alerts.critical</c> and the gaps topic.
/// The blocking <c>Consume</c> runs on a dedicated thread. A poll's records (up to <see cref="KafkaIngestOptions.MaxBatch"/>,
/// or what arrived within <see cref="KafkaIngestOptions.MaxBatchDelay"/>) are stored in the database first; their
/// offsets are committed only after that commit. When storing fails, nothing is committed, the partitions are rewound
/// to the batch's first records and the batch is tried again after a pause. On a rebalance, records of revoked
/// partitions not yet stored are dropped: their offsets were not committed, so the partitions' new owner reads them
/// again (and ids make any repeat a duplicate). A fatal consumer error stops the consumer, not the host.
/// </summary>
internal sealed partial class KafkaIngestConsumer(
    KafkaBatchWriter writer, IOptions<KafkaIngestOptions> options, ILogger<KafkaIngestConsumer> logger) : BackgroundService
{
    private readonly List<ConsumeResult<Ignore, byte[]>> _pending = [];
    private volatile bool _fatal;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(settings, stoppingToken);
            }
#pragma warning disable CA1031 // an exception escaping a thread ends the process: the consumer stops, the backend goes on serving HTTP ingest
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogStopped(error);
            }
            finally
            {
                finished.TrySetResult();
            }
        })
        { IsBackground = true, Name = "kafka-ingest" };
        thread.Start();
        return finished.Task;
    }

    private void Run(KafkaIngestOptions settings, CancellationToken stoppingToken)
    {
        var version = Librdkafka.EnsureLoaded();
        LogStarting(version, settings.BootstrapServers, settings.GroupId);
        var config = new ConsumerConfig(settings.Settings)
        {
            BootstrapServers = settings.BootstrapServers,
            GroupId = settings.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                LogConsumerError(error.Code.ToString(), error.Reason, error.IsFatal);
                _fatal |= error.IsFatal;
            })
            .SetPartitionsRevokedHandler((_, revoked) => _pending.RemoveAll(r => revoked.Any(p => p.TopicPartition == r.TopicPartition)))
            .SetPartitionsLostHandler((_, lost) => _pending.RemoveAll(r => lost.Any(p => p.TopicPartition == r.TopicPartition)))
            .Build();
        consumer.Subscribe([settings.ReadingsTopic, settings.AlertsTopic, settings.GapsTopic]);
        try
        {
            while (!stoppingToken.IsCancellationRequested && !_fatal)
            {
                Poll(consumer, settings, stoppingToken);
                if (_pending.Count > 0)
                {
                    Store(consumer, settings, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close(); // leaves the group at once: its partitions go to the others without waiting for a timeout
        }
    }

    /// <summary>Collects records until the batch is full or, once it has one, its delay has passed.</summary>
    private void Poll(IConsumer<Ignore, byte[]> consumer, KafkaIngestOptions settings, CancellationToken stoppingToken)
    {
        var deadline = DateTimeOffset.MaxValue.UtcTicks;
        while (_pending.Count < settings.MaxBatch && !_fatal)
        {
            var wait = _pending.Count == 0 ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromTicks(Math.Max(0, deadline - Environment.TickCount64 * TimeSpan.TicksPerMillisecond));
            var record = consumer.Consume(wait);
            stoppingToken.ThrowIfCancellationRequested();
            if (record is null || record.IsPartitionEOF)
            {
                if (_pending.Count > 0 && Environment.TickCount64 * TimeSpan.TicksPerMillisecond >= deadline)
                {
                    return;
                }

                continue;
            }

            if (_pending.Count == 0)
            {
                deadline = (Environment.TickCount64 * TimeSpan.TicksPerMillisecond) + settings.MaxBatchDelay.Ticks;
            }

            _pending.Add(record);
        }
    }

    /// <summary>Stores the pending records, then commits their offsets; on failure rewinds and pauses.</summary>
    private void Store(IConsumer<Ignore, byte[]> consumer, KafkaIngestOptions settings, CancellationToken stoppingToken)
    {
        var items = _pending.Select(r => new KafkaItem(r.Topic, r.Partition.Value, r.Offset.Value, r.Message.Value ?? [],
            KafkaRecordDecoder.Decode(r.Topic, r.Message.Value ?? [], settings))).ToList();
        try
        {
            var stored = writer.WriteAsync(items, stoppingToken).GetAwaiter().GetResult();
            consumer.Commit(_pending.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
            LogStored(items.Count, stored);
            _pending.Clear();
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogStoreFailed(error, items.Count, settings.RetryDelay);
            foreach (var first in _pending.GroupBy(r => r.TopicPartition).Select(g => g.MinBy(r => r.Offset.Value)!))
            {
                consumer.Seek(first.TopicPartitionOffset);
            }

            _pending.Clear();
            stoppingToken.WaitHandle.WaitOne(settings.RetryDelay);
        }
        catch (KafkaException error)
        {
            // Stored, but the commit failed (a rebalance took the partitions): the next owner reads them again, as duplicates.
            LogCommitFailed(error, items.Count);
            _pending.Clear();
        }
    }
}
