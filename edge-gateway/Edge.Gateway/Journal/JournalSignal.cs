using System.Threading.Channels;

namespace Edge.Gateway.Journal;

/// <summary>
/// Wakes a loop that forwards what the journal holds (the uplink; the SMS sender) when there is something new, instead
/// of it polling in a tight loop. Registered once per loop, as a keyed service.
/// </summary>
internal sealed class JournalSignal
{
    public const string Uplink = "uplink";
    public const string Sms = "sms";

    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for new data or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
