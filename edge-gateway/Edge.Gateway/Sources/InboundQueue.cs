using System.Threading.Channels;

namespace Edge.Gateway.Sources;

/// <summary>
/// The bounded hand-over from sources to the journal writer. Full means wait: nothing acknowledged may be dropped, so a
/// slow disk makes the sources stop reading (and the broker hold the messages) instead of losing them.
/// </summary>
internal sealed class InboundQueue(int capacity)
{
    private readonly Channel<InboundMessage> _channel = Channel.CreateBounded<InboundMessage>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ChannelWriter<InboundMessage> Writer => _channel.Writer;

    public ChannelReader<InboundMessage> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;
}
