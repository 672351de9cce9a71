using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class SlidingWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Claim_WhenWindowFull_DefersUntilOldestGrantExpires()
    {
        DateTimeOffset[] grants = [T0, T0.AddSeconds(10), T0.AddSeconds(20)];

        Assert.Equal(0, SlidingWindow.Available(grants, permits: 3, Minute, T0.AddSeconds(59)));
        Assert.Equal(T0.AddSeconds(60), SlidingWindow.NextPermitAt(grants, permits: 3, Minute, T0.AddSeconds(59)));
        Assert.Equal(1, SlidingWindow.Available(grants, permits: 3, Minute, T0.AddSeconds(60)));
    }

    [Fact]
    public void Available_CountsOnlyGrantsInsideTheWindow()
    {
        DateTimeOffset[] grants = [T0.AddSeconds(-61), T0.AddSeconds(-30), T0];

        Assert.Equal(8, SlidingWindow.Available(grants, permits: 10, Minute, T0));
        Assert.Equal(T0, SlidingWindow.NextPermitAt(grants, permits: 10, Minute, T0));
    }
}
