using System.Threading.Channels;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// A stream's place in the node's <see cref="ProgressFeed"/>. An all-instances subscription receives, in position order,
/// every event committed after <see cref="StartPosition"/> (of its definition, if set). An instance subscription receives
/// its instance's events as soon as they are read, not necessarily in order: they only say "read the store again".
/// </summary>
public sealed class ProgressSubscription : IDisposable
{
    private readonly Channel<ProgressEvent> _events;
    private readonly Action<ProgressSubscription> _unsubscribe;

    internal ProgressSubscription(string? instanceId, string? definitionId, long startPosition, int capacity, Action<ProgressSubscription> unsubscribe)
    {
        InstanceId = instanceId;
        DefinitionId = definitionId;
        StartPosition = startPosition;
        _unsubscribe = unsubscribe;
        _events = Channel.CreateBounded<ProgressEvent>(new BoundedChannelOptions(instanceId is null ? capacity : 1)
        {
            FullMode = instanceId is null ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    }

    public string? InstanceId { get; }

    public string? DefinitionId { get; }

    /// <summary>The feed's position when the subscription began: live events all come after it.</summary>
    public long StartPosition { get; }

    public ChannelReader<ProgressEvent> Events => _events.Reader;

    /// <summary>The reader fell further behind than the buffer allows; the channel was completed (reconnect with the last id).</summary>
    public bool Overflowed { get; private set; }

    internal void Offer(ProgressEvent progress)
    {
        if (!_events.Writer.TryWrite(progress) && InstanceId is null)
        {
            Overflowed = true;
            _events.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
