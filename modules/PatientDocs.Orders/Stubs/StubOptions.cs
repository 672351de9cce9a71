namespace PatientDocs.Orders.Stubs;

/// <summary><c>Orders:Stubs</c>: how often each stub call fails or hangs, and the seed that makes the draws repeatable.</summary>
public sealed class StubOptions
{
    /// <summary>Share of calls that fail at once (a retryable error).</summary>
    public double FailureRate { get; set; } = 0.33;

    /// <summary>Share of calls that hang for <see cref="HangTime"/>, far past any activity's start-to-close timeout.</summary>
    public double HangRate { get; set; } = 0.33;

    /// <summary>Seeds the draws; null draws from a shared random source.</summary>
    public int? Seed { get; set; }

    /// <summary>How long a hanging call waits on the clock before it would answer (not scaled: it only has to outlast the timeout).</summary>
    public TimeSpan HangTime { get; set; } = TimeSpan.FromMinutes(5);
}
