using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Breaker_OpensOnlyAfterThresholdConsecutiveFailures()
    {
        var breaker = new CircuitBreaker("DocumentExchange", failureThreshold: 3, probeInterval: TimeSpan.FromSeconds(30));
        breaker.RecordTransientFailure(T0);
        breaker.RecordTransientFailure(T0);
        breaker.RecordSuccess();
        breaker.RecordTransientFailure(T0);
        breaker.RecordTransientFailure(T0);
        Assert.Equal(int.MaxValue, breaker.AllowedClaims(T0));

        breaker.RecordTransientFailure(T0);

        Assert.True(breaker.IsOpen);
        Assert.Equal(0, breaker.AllowedClaims(T0.AddSeconds(29)));
        Assert.Equal(T0.AddSeconds(30), breaker.NextProbeAt);
    }

    [Fact]
    public void OpenBreaker_LetsOneProbeThroughPerInterval_AndClosesWhenItSucceeds()
    {
        var breaker = new CircuitBreaker("DocumentExchange", failureThreshold: 1, probeInterval: TimeSpan.FromSeconds(30));
        breaker.RecordTransientFailure(T0);

        Assert.Equal(1, breaker.AllowedClaims(T0.AddSeconds(30)));
        breaker.ProbeStarted();
        Assert.Equal(0, breaker.AllowedClaims(T0.AddSeconds(31)));

        breaker.RecordTransientFailure(T0.AddSeconds(31));
        Assert.Equal(0, breaker.AllowedClaims(T0.AddSeconds(60)));
        Assert.Equal(1, breaker.AllowedClaims(T0.AddSeconds(61)));

        breaker.ProbeStarted();
        breaker.RecordSuccess();
        Assert.False(breaker.IsOpen);
        Assert.Equal(int.MaxValue, breaker.AllowedClaims(T0.AddSeconds(61)));
    }

    [Fact]
    public void Breaker_WithThresholdZero_NeverOpens()
    {
        var breaker = new CircuitBreaker("Database", failureThreshold: 0, probeInterval: TimeSpan.FromSeconds(30));
        for (var i = 0; i < 100; i++)
        {
            breaker.RecordTransientFailure(T0);
        }

        Assert.False(breaker.IsOpen);
    }
}
