using PatientDocs.Engine.Queues;
namespace PatientDocs.Engine.Storage;

/// <summary>
/// Permits of a limit for a holder outside any task (<c>DurableRateLimiter</c>'s callers): all of them or
/// none, at one grant time, taken in the same transaction as the window's count, so they are counted with the tasks' own.
/// </summary>
public sealed record PermitRequest
{
    /// <summary>Names the grants, so the holder can release them with <see cref="IWorkflowStore.ReleasePermitAsync"/>.</summary>
    public required string Holder { get; init; }

    public required RateLimitSpec Limit { get; init; }

    /// <summary>From 0 (only whether one permit would be granted; nothing is taken) to the limit's permits.</summary>
    public required int Count { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>As <see cref="ClaimRequest.Clock"/>: read again once the store holds the limit.</summary>
    public TimeProvider? Clock { get; init; }
}
