using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Progress;

public sealed class FeedCursorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(5);

    private static JournalFeedEntry Row(long position) => new(new JournalRecord
    {
        Id = $"j{position}",
        InstanceId = "i1",
        ActivityId = "a",
        ActivityType = "t",
        NodeId = "n",
        Timestamp = T0,
        EventName = "Started",
        Position = position,
    }, "def");

    private static List<long> Positions(IReadOnlyList<JournalFeedEntry> rows) => rows.Select(r => r.Record.Position).ToList();

    [Fact]
    public void Advance_WithoutGaps_HandsOutEveryRowInOrder()
    {
        var cursor = new FeedCursor(10, GapTimeout);

        var ready = cursor.Advance([Row(11), Row(12), Row(13)], T0);

        Assert.Equal([11, 12, 13], Positions(ready));
        Assert.Equal((13, 13, (DateTimeOffset?)null), (cursor.Position, cursor.HighestSeen, cursor.NextGapExpiry));
    }

    [Fact]
    public void Advance_BehindAGap_HoldsBack_UntilTheMissingPositionCommits()
    {
        var cursor = new FeedCursor(10, GapTimeout);

        var first = cursor.Advance([Row(11), Row(13), Row(14)], T0);
        var stillMissing = cursor.Advance([Row(13), Row(14)], T0.AddSeconds(1));
        var filled = cursor.Advance([Row(12), Row(13), Row(14)], T0.AddSeconds(2));

        Assert.Equal([11], Positions(first));
        Assert.Empty(stillMissing);
        Assert.Equal([12, 13, 14], Positions(filled));
        Assert.Equal(14, cursor.Position);
    }

    [Fact]
    public void Advance_AGapOlderThanTheTimeout_IsPassed()
    {
        var cursor = new FeedCursor(10, GapTimeout);
        cursor.Advance([Row(12), Row(13)], T0);
        Assert.Equal(T0 + GapTimeout, cursor.NextGapExpiry);

        var early = cursor.Advance([Row(12), Row(13)], T0 + GapTimeout - TimeSpan.FromMilliseconds(1));
        var passed = cursor.Advance([Row(12), Row(13)], T0 + GapTimeout);

        Assert.Empty(early);
        Assert.Equal([12, 13], Positions(passed));
        Assert.Null(cursor.NextGapExpiry);
    }

    [Fact]
    public void Advance_AGapSeenLater_WaitsItsOwnTimeout()
    {
        var cursor = new FeedCursor(10, GapTimeout);
        cursor.Advance([Row(12)], T0);

        var first = cursor.Advance([Row(12), Row(14)], T0 + GapTimeout);
        var early = cursor.Advance([Row(14)], T0.AddSeconds(1) + GapTimeout);
        var second = cursor.Advance([Row(14)], T0 + GapTimeout + GapTimeout);

        Assert.Equal([12], Positions(first));
        Assert.Empty(early);
        Assert.Equal([14], Positions(second));
    }

    [Fact]
    public void Advance_RowsThatVanished_AreNotWaitedForForever()
    {
        var cursor = new FeedCursor(10, GapTimeout);
        cursor.Advance([Row(12)], T0);

        var gone = cursor.Advance([], T0 + GapTimeout);

        Assert.Empty(gone);
        Assert.Equal(12, cursor.Position);
    }
}
