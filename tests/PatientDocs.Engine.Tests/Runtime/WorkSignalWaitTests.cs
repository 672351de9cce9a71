using Microsoft.Extensions.Time.Testing;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Engine.Tests.Runtime;

/// <summary>
/// Waiting until a point in time on a driven clock. A timer counts from when it starts, so a clock that moves between the
/// waiter's reading and the timer's start would leave the timer due after the point; a test that then sets the clock to
/// exactly that point waited forever (a task worker's wait for its permit did, once in a CI run).
/// </summary>
public sealed class WorkSignalWaitTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task DelayUntil_ReturnsWhenTheClockReachedThePoint_EvenIfItMovedBeforeTheTimerStarted(int movesAfterReading)
    {
        var until = Start.AddMilliseconds(200);
        var clock = new ClockMovedAfterReading(Start, movesTo: until, movesAfterReading);

        var wait = WorkSignal.DelayUntilAsync(until, clock, CancellationToken.None);

        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(10))));
        await wait;
    }

    [Fact]
    public async Task WaitAsync_WithASignal_ReturnsWhenTheClockReachedThePoint_EvenIfItMovedBeforeTheTimerStarted()
    {
        var until = Start.AddMilliseconds(200);
        var clock = new ClockMovedAfterReading(Start, movesTo: until, afterReading: 1);
        var never = new TaskCompletionSource().Task;

        var wait = WorkSignal.WaitAsync(never, until, clock, CancellationToken.None);

        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(10))));
        await wait;
    }

    [Fact]
    public async Task DelayUntil_WaitsForTheClock_AndEndsWhenItIsSetToThePoint()
    {
        var clock = new FakeTimeProvider(Start);
        var until = Start.AddMilliseconds(200);

        var wait = WorkSignal.DelayUntilAsync(until, clock, CancellationToken.None);
        clock.SetUtcNow(Start.AddMilliseconds(199));
        Assert.False(wait.IsCompleted);
        clock.SetUtcNow(until);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DelayUntil_Cancelled_Throws()
    {
        var clock = new FakeTimeProvider(Start);
        using var cancel = new CancellationTokenSource();

        var wait = WorkSignal.DelayUntilAsync(Start.AddMinutes(1), clock, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    /// <summary>A driven clock that another thread sets forward just after the waiter's n-th reading, before its timer starts.</summary>
    private sealed class ClockMovedAfterReading(DateTimeOffset start, DateTimeOffset movesTo, int afterReading) : FakeTimeProvider(start)
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow()
        {
            var now = base.GetUtcNow();
            if (Interlocked.Increment(ref _readings) == afterReading)
            {
                SetUtcNow(movesTo);
            }

            return now;
        }
    }
}
