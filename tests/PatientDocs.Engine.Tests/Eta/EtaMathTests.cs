using PatientDocs.Engine.Runtime.Eta;

namespace PatientDocs.Engine.Tests.Eta;

public sealed class EtaMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void LimitFloor_The400thInATenPerMinuteQueue_StartsNoEarlierThan39MinutesFromNow()
    {
        // 399 ahead and a quiet window: 39 full windows pass before its round of ten begins.
        Assert.Equal(T0.AddMinutes(39), EtaMath.LimitFloor(399, [], 10, Minute, T0));
    }

    [Fact]
    public void LimitFloor_WithFreePermits_StartsNow()
    {
        Assert.Equal(T0, EtaMath.LimitFloor(2, [T0.AddSeconds(-30)], 10, Minute, T0));
    }

    [Fact]
    public void LimitFloor_WhenTheWindowIsFull_WaitsForTheOldestPermitToLeaveIt()
    {
        var full = Enumerable.Range(0, 10).Select(i => T0.AddSeconds(-50 + i)).ToList();

        Assert.Equal(T0.AddSeconds(10), EtaMath.LimitFloor(0, full, 10, Minute, T0));
        Assert.Equal(T0.AddSeconds(19), EtaMath.LimitFloor(9, full, 10, Minute, T0));
        Assert.Equal(T0.AddSeconds(70), EtaMath.LimitFloor(10, full, 10, Minute, T0));
    }

    [Fact]
    public void LimitFloor_WhatTheCurrentWindowFreesUp_ComesOffTheWait()
    {
        // Three permits used 40 s ago: seven start now, the 8th to 10th when those three leave the window.
        var used = new[] { T0.AddSeconds(-40), T0.AddSeconds(-40), T0.AddSeconds(-40) };

        Assert.Equal(T0, EtaMath.LimitFloor(6, used, 10, Minute, T0));
        Assert.Equal(T0.AddSeconds(20), EtaMath.LimitFloor(7, used, 10, Minute, T0));
        Assert.Equal(T0.AddMinutes(1), EtaMath.LimitFloor(10, used, 10, Minute, T0));
    }

    [Fact]
    public void LimitFloor_IgnoresPermitsThatLeftTheWindow()
    {
        Assert.Equal(T0, EtaMath.LimitFloor(0, [T0.AddMinutes(-2)], 1, Minute, T0));
    }

    [Fact]
    public void LimitFloor_MatchesTheSlidingWindowGrantByGrant()
    {
        var counting = new List<DateTimeOffset> { T0.AddSeconds(-55), T0.AddSeconds(-20), T0.AddSeconds(-5) };
        var log = new List<DateTimeOffset>(counting);
        for (var ahead = 0; ahead < 12; ahead++)
        {
            // The rule itself: each grant is the first moment fewer than three permits count, given every earlier one.
            var grant = PatientDocs.Engine.Queues.SlidingWindow.NextPermitAt(log, 3, Minute, T0);

            Assert.Equal(grant, EtaMath.LimitFloor(ahead, counting, 3, Minute, T0));
            log.Add(grant);
        }
    }

    [Fact]
    public void SlotStart_TakesOneTypicalRunPerFullRoundOfSlots()
    {
        Assert.Equal(T0, EtaMath.SlotStart(7, 8, TimeSpan.FromSeconds(30), T0));
        Assert.Equal(T0.AddMinutes(1), EtaMath.SlotStart(16, 8, TimeSpan.FromSeconds(30), T0));
    }

    [Fact]
    public void Quantile_UsesTheNearestRank()
    {
        var values = Enumerable.Range(1, 5).Reverse().Select(s => TimeSpan.FromSeconds(s)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(3), EtaMath.Median(values));
        Assert.Equal(TimeSpan.FromSeconds(5), EtaMath.Quantile(values, 0.9));
        Assert.Null(EtaMath.Median([]));
    }

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(11, "11th")]
    [InlineData(112, "112th")]
    [InlineData(400, "400th")]
    [InlineData(421, "421st")]
    public void Ordinal_SaysThePlace(int n, string expected) => Assert.Equal(expected, EtaMath.Ordinal(n));

    [Theory]
    [InlineData(0.4, "0.4 s")]
    [InlineData(35, "35 s")]
    [InlineData(2400, "40 min")]
    [InlineData(3900, "65 min")]
    [InlineData(7500, "2 h 5 min")]
    public void Describe_SaysADurationAsAPersonWould(double seconds, string expected) =>
        Assert.Equal(expected, EtaMath.Describe(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void DescribeRate_DropsTheGuardFromTheWindow()
    {
        Assert.Equal("10/min", EtaMath.DescribeRate(10, TimeSpan.FromMilliseconds(60_005)));
        Assert.Equal("10/s", EtaMath.DescribeRate(10, TimeSpan.FromMilliseconds(1_005)));
        Assert.Equal("3 per 30 s", EtaMath.DescribeRate(3, TimeSpan.FromSeconds(30)));
        Assert.Equal("10 per 21 ms", EtaMath.DescribeRate(10, TimeSpan.FromMilliseconds(21.7)));
        Assert.Equal("1 per 500 ms", EtaMath.DescribeRate(1, TimeSpan.FromMilliseconds(505)));
    }
}
