using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// The durable limits as a <see cref="PartitionedRateLimiter{TResource}"/> partitioned by limit name (<c>{Service}.{Limit}</c>):
/// a lease is a grant in the store's window, so code outside the workflows (an <c>HttpClient</c> handler, ASP.NET Core's
/// rate-limiting middleware) is counted with the workflows' calls, on every node sharing the store. Dispose the lease when
/// the answer arrives: the permits then count for one window from that moment; a lease never disposed counts until its
/// hold ends, and a request not answered by then should be abandoned, as a task's is.
/// </summary>
public sealed partial class DurableRateLimiter(
    IWorkflowStore store, TaskQueueCatalog catalog, TimeProvider time, ILogger<DurableRateLimiter>? logger = null) : PartitionedRateLimiter<string>
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, Counters> _counters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>This node's leases of the limit; the permits still free live in the store, shared by every node.</summary>
    public override RateLimiterStatistics? GetStatistics(string resource)
    {
        var counters = CountersOf(Resolve(resource, 0));
        return new RateLimiterStatistics
        {
            CurrentQueuedCount = Interlocked.Read(ref counters.Waiting),
            TotalSuccessfulLeases = Interlocked.Read(ref counters.Succeeded),
            TotalFailedLeases = Interlocked.Read(ref counters.Failed),
        };
    }

    /// <summary>One round trip to the store, blocking: a permit free now or none (no lookahead, since this cannot wait for it).</summary>
    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount)
    {
        var limit = Resolve(resource, permitCount);
        var spec = limit.ToSpec() with { Lookahead = TimeSpan.Zero };
        var holder = NewHolder();
        var result = store.AcquirePermitsAsync(Request(holder, spec, permitCount), CancellationToken.None).GetAwaiter().GetResult();
        return result.GrantedAt is { } grantedAt ? Acquired(limit, holder, grantedAt, permitCount) : Failed(limit, result.NextAttemptAt);
    }

    /// <summary>Waits, without holding anything, until the window grants every permit and their grant time has come.</summary>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken)
    {
        var limit = Resolve(resource, permitCount);
        var spec = limit.ToSpec();
        var holder = NewHolder();
        var counters = CountersOf(limit);
        Interlocked.Increment(ref counters.Waiting);
        try
        {
            while (true)
            {
                var result = await store.AcquirePermitsAsync(Request(holder, spec, permitCount), cancellationToken).ConfigureAwait(false);
                if (result.GrantedAt is { } grantedAt)
                {
                    var lease = Acquired(limit, holder, grantedAt, permitCount);
                    try
                    {
                        // Granted within the lookahead: the request must not leave before its grant.
                        await WaitUntilAsync(grantedAt, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        lease.Dispose();
                        throw;
                    }

                    return lease;
                }

                await WaitUntilAsync(result.NextAttemptAt ?? time.GetUtcNow() + spec.Window, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref counters.Waiting);
        }
    }

    /// <summary>Called once by a lease's Dispose: its permits count for one window from now.</summary>
    internal void Release(string limitName, string holder, DateTimeOffset grantedAt)
    {
        try
        {
            store.ReleasePermitAsync(holder, grantedAt, time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            // Safe to lose: the permits then count from the end of their hold, later than from the answer.
            LogReleaseFailed(limitName, holder, ex);
        }
    }

    private ResolvedLimit Resolve(string resource, int permitCount)
    {
        if (!catalog.Limits.TryGetValue(resource, out var limit))
        {
            var known = catalog.Limits.Count == 0 ? "none" : string.Join(", ", catalog.Limits.Keys.Order(StringComparer.Ordinal));
            throw new ArgumentException($"No rate limit named '{resource}' is configured under {TaskServicesOptions.SectionName} (configured: {known}).", nameof(resource));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, limit.Permits);
        return limit;
    }

    private PermitRequest Request(string holder, RateLimitSpec spec, int permitCount) =>
        new() { Holder = holder, Limit = spec, Count = permitCount, Now = time.GetUtcNow(), Clock = time };

    private DurablePermitLease Acquired(ResolvedLimit limit, string holder, DateTimeOffset grantedAt, int permitCount)
    {
        Interlocked.Increment(ref CountersOf(limit).Succeeded);
        return new DurablePermitLease(permitCount > 0 ? this : null, limit.Name, holder, grantedAt);
    }

    private DurablePermitLease Failed(ResolvedLimit limit, DateTimeOffset? nextAttemptAt)
    {
        Interlocked.Increment(ref CountersOf(limit).Failed);
        var retryAfter = nextAttemptAt is { } at && at - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return DurablePermitLease.Refused(retryAfter);
    }

    private Task WaitUntilAsync(DateTimeOffset at, CancellationToken cancellationToken) => WorkSignal.DelayUntilAsync(at, time, cancellationToken);

    private Counters CountersOf(ResolvedLimit limit) => _counters.GetOrAdd(limit.Name, _ => new Counters());

    private static string NewHolder() => $"limiter-{Guid.NewGuid():N}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the permits of {Holder} on {Limit} failed; they count until their hold ends")]
    private partial void LogReleaseFailed(string limit, string holder, Exception exception);

    private sealed class Counters
    {
        public long Waiting;
        public long Succeeded;
        public long Failed;
    }
}
