using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = RetryPolicy.From(
        new RetryOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(5), Multiplier = 2, Jitter = 0.2, Deadline = TimeSpan.FromHours(6) },
        timeScale: 1);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(7, 300)]
    [InlineData(30, 300)]
    public void NextDelay_GrowsExponentially_UpToTheCap(int failedAttempts, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Policy.NextDelay(failedAttempts, null, random: 0.5));

    [Fact]
    public void NextDelay_SpreadsByTheJitter_WithoutPassingTheCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), Policy.NextDelay(2, null, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(12), Policy.NextDelay(2, null, random: 1));
        Assert.Equal(TimeSpan.FromMinutes(5), Policy.NextDelay(10, null, random: 1));
    }

    [Fact]
    public void NextDelay_HonoursALongerRetryAfter_AndIgnoresAShorterOne()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), Policy.NextDelay(1, TimeSpan.FromSeconds(42), random: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(5), Policy.NextDelay(1, TimeSpan.FromSeconds(1), random: 0.5));
    }

    [Fact]
    public void From_DividesEveryDurationByTheTimeScale()
    {
        var scaled = RetryPolicy.From(new RetryOptions(), timeScale: 60);

        Assert.Equal(TimeSpan.FromSeconds(5.0 / 60), scaled.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), scaled.MaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(6), scaled.Deadline);
    }
}
