using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Hosting;

/// <summary>The module's options, bound from <c>Orders</c> (and <c>PatientDocs:Orders</c>); validated at start.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";
    public const string HostSection = "PatientDocs:Orders";

    /// <summary>How long an order waits for approval after review-requested; divided by PatientDocs:TimeScale like every duration.</summary>
    public TimeSpan ReviewTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public StubOptions Stubs { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (ReviewTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:ReviewTimeout must be positive (was {ReviewTimeout}).";
        }

        if (Stubs.FailureRate is < 0 or > 1 || Stubs.HangRate is < 0 or > 1 || Stubs.FailureRate + Stubs.HangRate > 1)
        {
            yield return $"{Section}:Stubs:FailureRate and {Section}:Stubs:HangRate must each be in [0, 1] and add up to at most 1 (were {Stubs.FailureRate} and {Stubs.HangRate}).";
        }

        if (Stubs.HangTime <= TimeSpan.Zero)
        {
            yield return $"{Section}:Stubs:HangTime must be positive (was {Stubs.HangTime}).";
        }
    }
}
