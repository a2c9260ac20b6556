using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Edge.Testing;

/// <summary>
/// A small SignalR client speaking the JSON hub protocol over a WebSocket (the .NET SignalR client package is not
/// served here). Enough for tests: receive invocations, call hub methods, keep the connection alive.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly Channel<(string Target, JsonElement[] Arguments)> _invocations = Channel.CreateUnbounded<(string, JsonElement[])>();
    private readonly List<(string Target, JsonElement[] Arguments)> _seen = [];
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _pingLoop = Task.CompletedTask;
    private int _invocationId;

    private SignalRTestClient(WebSocket socket) => _socket = socket;

    /// <summary>Connects to a hub (skipping negotiation, as WebSocket-only clients may) and completes the handshake.</summary>
    public static async Task<SignalRTestClient> ConnectAsync(Func<CancellationToken, Task<WebSocket>> connect, CancellationToken cancellationToken = default)
    {
        var client = new SignalRTestClient(await connect(cancellationToken));
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var handshake = await client.ReceiveRecordAsync(cancellationToken)
            ?? throw new InvalidOperationException("the hub closed the connection during the handshake");
        if (handshake.Contains("error", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"hub handshake failed: {handshake}");
        }

        client._receiveLoop = client.ReceiveLoopAsync();
        client._pingLoop = client.PingLoopAsync();
        return client;
    }

    /// <summary>Connects to a hub on a real server: <c>ws://host:port/hubs/x?access_token=...</c>.</summary>
    public static Task<SignalRTestClient> ConnectAsync(Uri hubUrl, string accessToken, CancellationToken cancellationToken = default)
    {
        var builder = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws", Query = "access_token=" + Uri.EscapeDataString(accessToken) };
        return ConnectAsync(async token =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(builder.Uri, token);
            return socket;
        }, cancellationToken);
    }

    /// <summary>Every invocation received so far, in order.</summary>
    public IReadOnlyList<(string Target, JsonElement[] Arguments)> Received
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Waits for an invocation of <paramref name="target"/> whose first argument matches.</summary>
    public async Task<JsonElement> WaitForAsync(string target, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var (name, arguments) = await _invocations.Reader.ReadAsync(cts.Token);
                if (string.Equals(name, target, StringComparison.OrdinalIgnoreCase) && arguments.Length > 0 && match(arguments[0]))
                {
                    return arguments[0];
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching '{target}' within {timeout}; received: {string.Join(", ", Received.Select(r => r.Target))}");
        }
    }

    /// <summary>Calls a hub method and waits for its completion; throws when the hub reports an error.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls)
        {
            _calls[id] = completion;
        }

        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }), _stop.Token);
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        // Close politely first and let the receive loop see the hub's close: cancelling a pending receive aborts (and,
        // for the in-process test server's socket, disposes) the socket under anything still using it.
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _sendLock.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
            }

            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_receiveLoop, _pingLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveRecordAsync(_stop.Token) is { } record)
            {
                foreach (var message in record.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    Dispatch(message);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _invocations.Writer.TryComplete();
        }
    }

    private void Dispatch(string message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var target = root.GetProperty("target").GetString()!;
                var arguments = root.GetProperty("arguments").EnumerateArray().Select(a => a.Clone()).ToArray();
                lock (_seen)
                {
                    _seen.Add((target, arguments));
                }

                _invocations.Writer.TryWrite((target, arguments));
                break;
            case 3:
                TaskCompletionSource<JsonElement>? call;
                lock (_calls)
                {
                    _calls.Remove(root.GetProperty("invocationId").GetString()!, out call);
                }

                if (root.TryGetProperty("error", out var error))
                {
                    call?.TrySetException(new InvalidOperationException(error.GetString()));
                }
                else
                {
                    call?.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }

                break;
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await SendRawAsync("{\"type\":6}", _stop.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task SendRawAsync(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<string?> ReceiveRecordAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
