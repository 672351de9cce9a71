using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Progress;

public sealed class FeedCursorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

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
    public void Advance_UpToTheStableHead_HandsOutEveryRowInOrder()
    {
        var cursor = new FeedCursor(10);

        var ready = cursor.Advance([Row(11), Row(12), Row(13)], 13, 500);

        Assert.Equal([11, 12, 13], Positions(ready));
        Assert.Equal((13, 13), (cursor.Position, cursor.HighestSeen));
    }

    [Fact]
    public void Advance_RowsAboveTheStableHead_AreHeldBack_UntilItPassesThem_HoweverLongThatTakes()
    {
        var cursor = new FeedCursor(10);

        var first = cursor.Advance([Row(11), Row(13), Row(14)], 11, 500);
        var stillOpen = cursor.Advance([Row(13), Row(14)], 11, 500);
        var filled = cursor.Advance([Row(12), Row(13), Row(14)], 14, 500);

        Assert.Equal([11], Positions(first));
        Assert.Empty(stillOpen);
        Assert.Equal([12, 13, 14], Positions(filled));
        Assert.Equal(14, cursor.Position);
    }

    [Fact]
    public void Advance_AGapBelowTheStableHead_IsFinal_AndPassedAtOnce()
    {
        var cursor = new FeedCursor(10);

        var ready = cursor.Advance([Row(12), Row(14)], 15, 500);

        Assert.Equal([12, 14], Positions(ready));
        Assert.Equal(15, cursor.Position);
    }

    [Fact]
    public void Advance_AFullBatchBelowTheStableHead_MovesOnlyToItsLastRow()
    {
        var cursor = new FeedCursor(10);

        var ready = cursor.Advance([Row(11), Row(12)], 20, 2);

        Assert.Equal([11, 12], Positions(ready));
        Assert.Equal(12, cursor.Position);
    }
}
