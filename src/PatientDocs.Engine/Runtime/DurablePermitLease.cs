using System.Threading.RateLimiting;

namespace PatientDocs.Engine.Runtime;

/// <summary>A lease of <see cref="DurableRateLimiter"/>: granted permits released once on Dispose, or a refusal saying when to retry.</summary>
internal sealed class DurablePermitLease : RateLimitLease
{
    private readonly DurableRateLimiter? _owner;
    private readonly string _limitName;
    private readonly string _holder;
    private readonly DateTimeOffset _grantedAt;
    private readonly TimeSpan? _retryAfter;
    private int _released;

    /// <param name="owner">Null when there is nothing to release (no permit taken).</param>
    public DurablePermitLease(DurableRateLimiter? owner, string limitName, string holder, DateTimeOffset grantedAt)
    {
        _owner = owner;
        _limitName = limitName;
        _holder = holder;
        _grantedAt = grantedAt;
        IsAcquired = true;
    }

    private DurablePermitLease(TimeSpan retryAfter)
    {
        _limitName = _holder = string.Empty;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static DurablePermitLease Refused(TimeSpan retryAfter) => new(retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _owner is not null && Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.Release(_limitName, _holder, _grantedAt);
        }

        base.Dispose(disposing);
    }
}
