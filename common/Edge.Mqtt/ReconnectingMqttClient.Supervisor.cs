using Edge.Mqtt.Client;

namespace Edge.Mqtt;

/// <summary>
/// The supervising loop: connect, resubscribe when the session was not kept, wait for the connection to end, back off,
/// connect again. Reconnecting happens here and only here, never from inside a disconnect callback.
/// </summary>
public sealed partial class ReconnectingMqttClient
{
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var failures = 0;
        var established = false;
        while (!stopping.IsCancellationRequested)
        {
            // The first connection starts as configured; later ones resume the session the first one made (MQTT 5;
            // MQTT 3.1.1 has one flag for both, so there every connection does as configured).
            var cleanStart = !established || _options.ProtocolVersion == MqttProtocolVersion.V311 ? _options.CleanSession : false;
            var client = new MqttClient(_options, _session, cleanStart, _clientLogger, _timeProvider);
            MqttConnectResult? result = null;
            Exception? reason = null;
            try
            {
                result = await client.ConnectAsync(stopping);
                established = true;
                failures = 0;
                if (result.AssignedClientIdentifier is { } assigned)
                {
                    // Resuming the session needs the identifier the broker chose.
                    _options.ClientId = assigned;
                }

                Volatile.Write(ref _current, client);
                if (!result.SessionPresent)
                {
                    await ResubscribeAsync(client, stopping);
                }

                if (Interlocked.Increment(ref _connections) > 1)
                {
                    MqttMetrics.Reconnects.Add(1);
                }

                lock (_gate)
                {
                    _connected.TrySetResult(client);
                }

                Raise(new MqttConnectionChangedEventArgs(true, result, null));
                try
                {
                    await client.Disconnected;
                }
                catch (MqttConnectionLostException lost)
                {
                    reason = lost;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                reason = exception;
                if (result is null)
                {
                    failures++;
                }
            }
            finally
            {
                lock (_gate)
                {
                    if (_connected.Task.IsCompleted)
                    {
                        _connected = new TaskCompletionSource<MqttClient>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                Volatile.Write(ref _current, null);
                await client.DisposeAsync();
            }

            if (result is not null)
            {
                Raise(new MqttConnectionChangedEventArgs(false, null, reason));
            }

            if (stopping.IsCancellationRequested)
            {
                break;
            }

            var delay = NextDelay(Math.Max(0, failures - 1));
            if (result is not null)
            {
                Log.ConnectionLost(_logger, _options.ClientId, reason?.Message ?? "the connection ended", delay.TotalSeconds);
            }
            else
            {
                Log.ConnectFailed(_logger, _options.ClientId, failures, reason?.Message ?? "unknown", delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The broker did not keep the session (first connection, clean start, expired or lost session): subscribe again
    /// to what this client is subscribed to. A filter refused now is logged and kept (the next connection tries again).
    /// </summary>
    private async Task ResubscribeAsync(MqttClient client, CancellationToken cancellationToken)
    {
        MqttTopicFilter[] filters;
        lock (_gate)
        {
            filters = [.. _subscriptions];
        }

        foreach (var batch in filters.Chunk(ResubscribeBatch))
        {
            var results = await client.SubscribeAsync(batch, cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                if (!results[i].Succeeded)
                {
                    Log.ResubscribeRefused(_logger, _options.ClientId, batch[i].Filter, results[i].ReasonCode);
                }
            }
        }

        if (filters.Length > 0)
        {
            Log.Resubscribed(_logger, _options.ClientId, filters.Length);
        }
    }

    /// <summary>Exponential backoff: MinDelay doubled per failed attempt, at most MaxDelay, its Jitter share random.</summary>
    internal TimeSpan NextDelay(int failedAttempts)
    {
        var ceiling = _reconnect.MinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts, 30));
        var delay = Math.Min(ceiling, _reconnect.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 - (_reconnect.Jitter * Random())));
    }

    private void Raise(MqttConnectionChangedEventArgs change)
    {
        try
        {
            ConnectionChanged?.Invoke(this, change);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, _options.ClientId, exception);
        }
    }
}
