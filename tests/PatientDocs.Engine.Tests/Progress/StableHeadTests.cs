using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Progress;

public sealed class StableHeadTests
{
    [Fact]
    public async Task AMarkWithoutOpenTransactions_IsStableAtOnce()
    {
        var store = new InMemoryWorkflowStore();
        var stable = new StableHead();

        Assert.Equal(0, await stable.AdvanceAsync(store, default));
        Assert.True(stable.Known);
    }

    [Fact]
    public async Task AMarkWithOpenTransactions_IsConfirmedOnlyOnceAllOfThemEnded()
    {
        var marks = new ScriptedMarks();
        var stable = new StableHead();
        marks.Next = (10, []);
        await stable.AdvanceAsync(marks.MarkAsync, default);

        marks.Next = (15, [100, 101]);
        marks.Open = [100, 101];
        var whileOpen = await stable.AdvanceAsync(marks.MarkAsync, default);
        marks.Next = (18, [101]);
        marks.Open = [101];
        var oneLeft = await stable.AdvanceAsync(marks.MarkAsync, default);
        marks.Next = (20, []);
        marks.Open = [];
        var allEnded = await stable.AdvanceAsync(marks.MarkAsync, default);

        Assert.Equal((10, 10, 20), (whileOpen, oneLeft, allEnded));
        Assert.Equal([[], [], [100, 101], [100, 101]], marks.Asked);
    }

    /// <summary>Journal marks given by the test (what PostgreSQL reports with transactions open).</summary>
    private sealed class ScriptedMarks
    {
        public (long Head, long[] Open) Next { get; set; }

        public HashSet<long> Open { get; set; } = [];

        public List<long[]> Asked { get; } = [];

        public Task<JournalMark> MarkAsync(IReadOnlyList<long> openTransactions, CancellationToken cancellationToken)
        {
            Asked.Add(openTransactions.Order().ToArray());
            return Task.FromResult(new JournalMark(Next.Head, Next.Open, openTransactions.Where(Open.Contains).ToList()));
        }
    }
}
