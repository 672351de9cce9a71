using Microsoft.Extensions.Options;
using Npgsql;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>
/// The all-instances feed on PostgreSQL, with transactions on two connections of their own: one takes a journal position
/// and stays open while another commits a higher one. The feed hands out neither until the first commits, then both in
/// position order, however long it was held; a rolled-back position is a gap passed at once.
/// </summary>
[RequiresPostgres]
public sealed class PostgresJournalFeedTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private OwnedStore? _owned;

    private IWorkflowStore Store => _owned!.Store;

    public async Task InitializeAsync() => _owned = await OwnedStore.PostgresAsync(database);

    public async Task DisposeAsync() => await _owned!.DisposeAsync();

    [Fact]
    public async Task StableHead_StaysBelowAPositionHeldByAnOpenTransaction_TheCursorHoldsBack_ThenHandsOutBothInOrder()
    {
        var stable = new StableHead();
        var cursor = new FeedCursor(await stable.AdvanceAsync(Store, default));
        await using var held = await OpenAsync();
        await using var heldTransaction = await held.BeginTransactionAsync();
        var first = await InsertAsync(held, "held");
        await using var other = await OpenAsync();
        var second = await InsertAsync(other, "committed");
        Assert.True(second > first);

        // However many turns the poller takes while the first is open, nothing passes it.
        for (var turn = 0; turn < 5; turn++)
        {
            Assert.Empty(await PollAsync(stable, cursor));
            Assert.True(stable.Position < first, $"stable head {stable.Position} passed the open position {first}");
        }

        Assert.Equal(second, cursor.HighestSeen);
        await heldTransaction.CommitAsync();

        Assert.Equal([first, second], await PollAsync(stable, cursor));
        Assert.Equal(second, cursor.Position);
    }

    [Fact]
    public async Task StableHead_PassesAPositionWhoseTransactionRolledBack_AtOnce()
    {
        var stable = new StableHead();
        var cursor = new FeedCursor(await stable.AdvanceAsync(Store, default));
        long lost;
        await using (var rolledBack = await OpenAsync())
        {
            await using var transaction = await rolledBack.BeginTransactionAsync();
            lost = await InsertAsync(rolledBack, "lost");
            await using var other = await OpenAsync();
            var later = await InsertAsync(other, "kept");
            Assert.Empty(await PollAsync(stable, cursor));
            await transaction.RollbackAsync();
            Assert.Equal([later], await PollAsync(stable, cursor));
        }

        Assert.True(cursor.Position > lost);
    }

    [Fact]
    public async Task Feed_DeliversBothRecords_InPositionOrder_WhenTheLowerCommitsAfterTheHigher()
    {
        using var feed = new ProgressFeed(Store, new WorkSignal(), TimeProvider.System, Options.Create(new ProgressOptions()));
        await feed.StartAsync(default);
        using var subscription = await feed.SubscribeAsync(null, null, default);
        await using var held = await OpenAsync();
        await using var heldTransaction = await held.BeginTransactionAsync();
        var first = await InsertAsync(held, "held");
        await using var other = await OpenAsync();
        var second = await InsertAsync(other, "committed");

        await heldTransaction.CommitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<long>();
        while (received.Count < 2)
        {
            received.Add((await subscription.Events.ReadAsync(timeout.Token)).Position);
        }

        await feed.StopAsync(default);
        Assert.Equal([first, second], received);
    }

    [Fact]
    public async Task InstanceStream_IsWokenByItsRecord_ThatCommittedAfterAHigherOneWasRead()
    {
        using var feed = new ProgressFeed(Store, new WorkSignal(), TimeProvider.System, Options.Create(new ProgressOptions()));
        await feed.StartAsync(default);
        using var ofHeld = await feed.SubscribeAsync("i-late", null, default);
        using var ofOther = await feed.SubscribeAsync("i-early", null, default);
        await using var held = await OpenAsync();
        await using var heldTransaction = await held.BeginTransactionAsync();
        var first = await InsertAsync(held, "late");
        await using var other = await OpenAsync();
        var second = await InsertAsync(other, "early");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The feed has read the higher record (its instance's stream heard of it) before the lower one commits.
        Assert.Equal(second, (await ofOther.Events.ReadAsync(timeout.Token)).Position);
        await heldTransaction.CommitAsync();
        var woken = await ofHeld.Events.ReadAsync(timeout.Token);

        await feed.StopAsync(default);
        Assert.Equal((first, "i-late"), (woken.Position, woken.InstanceId));
    }

    /// <summary>
    /// Eight writers at once, each transaction taking its id and then several positions with pauses between, a tenth rolled
    /// back. A transaction given its id after the last one to complete is missing from a snapshot's in-progress list, so a
    /// stable head built on that list passes positions still to commit.
    /// </summary>
    [Fact]
    public async Task Feed_UnderConcurrentWriters_DeliversEveryCommittedRecord_OnceAndInOrder()
    {
        using var feed = new ProgressFeed(Store, new WorkSignal(), TimeProvider.System, Options.Create(new ProgressOptions()));
        await feed.StartAsync(default);
        using var subscription = await feed.SubscribeAsync(null, null, default);
        var committed = new System.Collections.Concurrent.ConcurrentBag<long>();

        async Task WriteAsync(int writer)
        {
            var random = new Random(writer);
            await using var connection = await OpenAsync();
            for (var turn = 0; turn < 40; turn++)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                var positions = new List<long>();
                var rows = random.Next(1, 6);
                for (var row = 0; row < rows; row++)
                {
                    positions.Add(await InsertAsync(connection, $"w{writer}-{turn}-{row}"));
                    await Task.Delay(random.Next(0, 3));
                }

                if (random.Next(10) == 0)
                {
                    await transaction.RollbackAsync();
                    continue;
                }

                await transaction.CommitAsync();
                positions.ForEach(committed.Add);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(WriteAsync));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<long>();
        try
        {
            while (received.Count < committed.Count)
            {
                received.Add((await subscription.Events.ReadAsync(timeout.Token)).Position);
            }
        }
        catch (OperationCanceledException)
        {
            // Some never came: the comparison below says which.
        }

        await feed.StopAsync(default);
        Assert.Equal(committed.Order().ToList(), received);
    }

    private async Task<List<long>> PollAsync(StableHead stable, FeedCursor cursor)
    {
        // The poller's order: the stable head first, then the rows after the cursor.
        var upTo = await stable.AdvanceAsync(Store, default);
        var rows = await Store.ReadJournalFeedAsync(cursor.Position, null, 500);
        return cursor.Advance(rows, upTo, 500).Select(r => r.Record.Position).ToList();
    }

    [Fact]
    public async Task JournalGuard_RefusesAWriterWhoseFirstWriteIsTheJournalInsert()
    {
        // The guard every PostgreSQL store test carries (OwnedStore): an insert that takes a position before its
        // transaction has an id is refused, so a writer breaking the stable head's rule fails whichever test drives it.
        await using var connection = await OpenAsync();
        // The position is given, not drawn: the sequence gives its transaction an id on one draw in 32, which would make
        // this test pass the insert now and then.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO journal (position, id, instance_id, activity_instance_id, activity_id, activity_type, activity_type_version, node_id, timestamp, sequence, event_name)
            VALUES (1000000000, 'unguarded', 'i-unguarded', 'x', 'a', 'Test.Step', 1, 'n', 0, 0, 'Started')
            """,
            connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("before its transaction had an id", refused.MessageText, StringComparison.Ordinal);
        Assert.True(await InsertAsync(connection, "guarded") > 0);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A journal record as a burst writes one: its transaction has an id first (the burst locks its instance row), then the insert takes a position.</summary>
    private static async Task<long> InsertAsync(NpgsqlConnection connection, string id)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_current_xact_id();
            INSERT INTO journal (id, instance_id, activity_instance_id, activity_id, activity_type, activity_type_version, node_id, timestamp, sequence, event_name)
            VALUES (@id, 'i-' || @id, 'x-' || @id, 'a', 'Test.Step', 1, 'n', 0, 0, 'Started') RETURNING position;
            """,
            connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }
}
