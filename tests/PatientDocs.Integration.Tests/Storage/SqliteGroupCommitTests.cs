using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;
using PatientDocs.Persistence.Schema;
using PatientDocs.Persistence.Store;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>SQLite's group commit: writes queued behind a running transaction share the next one, each in its own savepoint.</summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pd-group-{Guid.NewGuid():N}");
    private ServiceProvider services = null!;
    private StoreOptions options = null!;

    public async Task InitializeAsync()
    {
        options = new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder };
        services = new ServiceCollection().AddPatientDocsPersistence(options).BuildServiceProvider();
        await services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE group_probe (n INTEGER NOT NULL)");
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private IDbContextFactory<PatientDocsDbContext> Factory => services.GetRequiredService<IDbContextFactory<PatientDocsDbContext>>();

    [Fact]
    public async Task WritesQueuedBehindTheWriter_CommitTogether_AndAFailedOneIsRolledBackAlone()
    {
        var commit = new SqliteGroupCommit(options);
        var gate = SqliteWriterLock.GateFor(options);
        using var cancelled = new CancellationTokenSource();

        // Hold the writer so the writes below queue up behind the first one.
        await gate.WaitAsync();
        var first = commit.WriteAsync(db => Insert(db, 1), CancellationToken.None);
        var second = commit.WriteAsync(db => Insert(db, 2), CancellationToken.None);
        var failing = commit.WriteAsync<int>(async db =>
        {
            await Insert(db, 3);
            throw new InvalidOperationException("refused after writing");
        }, CancellationToken.None);
        var withdrawn = commit.WriteAsync(db => Insert(db, 4), cancelled.Token);
        var last = commit.WriteAsync(db => Insert(db, 5), CancellationToken.None);
        await cancelled.CancelAsync();
        gate.Release();

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        Assert.Equal(5, await last);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused after writing", refused.Message);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);

        Assert.Equal([1, 2, 5], await ReadProbeAsync());
        Assert.Equal(5, Interlocked.Read(ref commit.Writes));
        Assert.True(Interlocked.Read(ref commit.Groups) <= 2, $"{commit.Groups} groups for 5 writes queued behind one writer");
    }

    [Fact]
    public async Task ALoneWrite_RunsAtOnce_AndItsFailureWritesNothing()
    {
        var commit = new SqliteGroupCommit(options);

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.WriteAsync<int>(async db =>
        {
            await Insert(db, 7);
            throw new InvalidOperationException("no");
        }, CancellationToken.None));
        Assert.Equal(8, await commit.WriteAsync(db => Insert(db, 8), CancellationToken.None));

        Assert.Equal([8], await ReadProbeAsync());
    }

    [Fact]
    public async Task EveryConnection_WritesAheadWithNormalSync_AndCopiesTheLogBackOnlyEveryTenThousandPages()
    {
        // Two contexts at once, so the pool hands out two native connections: each gets the settings when it opens.
        await using var first = await Factory.CreateDbContextAsync();
        await using var second = await Factory.CreateDbContextAsync();
        await first.Database.OpenConnectionAsync();
        await second.Database.OpenConnectionAsync();
        foreach (var db in new[] { first, second })
        {
            Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
            Assert.Equal("1", await PragmaAsync(db, "synchronous"));
            Assert.Equal("10000", await PragmaAsync(db, "wal_autocheckpoint"));
            Assert.Equal("-512", await PragmaAsync(db, "cache_size"));
        }
    }

    [Fact]
    public async Task Writes_RunOnOneConnectionKeptOpen_WithTheNodeSettings_ThatNoReaderIsHanded_AndReuseTheirStatements()
    {
        using var commit = new SqliteGroupCommit(options);
        System.Data.Common.DbConnection? firstConnection = null;
        long preparedAfterFirst = 0;

        var settings = await commit.WriteAsync(async db =>
        {
            firstConnection = db.Database.GetDbConnection();
            await InsertRaw(db, 1);
            preparedAfterFirst = SqliteStatementCache.For(firstConnection)!.Prepared;
            return (await PragmaAsync(db, "synchronous"), await PragmaAsync(db, "wal_autocheckpoint"), await PragmaAsync(db, "cache_size"));
        }, CancellationToken.None);
        var (secondConnection, preparedAfterSecond) = await commit.WriteAsync(async db =>
        {
            await InsertRaw(db, 2);
            var connection = db.Database.GetDbConnection();
            return (connection, SqliteStatementCache.For(connection)!.Prepared);
        }, CancellationToken.None);
        await using var reader = await Factory.CreateDbContextAsync();
        await reader.Database.OpenConnectionAsync();

        Assert.Same(firstConnection, secondConnection);
        Assert.Equal(System.Data.ConnectionState.Open, secondConnection.State);
        Assert.NotSame(secondConnection, reader.Database.GetDbConnection());
        Assert.Equal(("1", "10000", "-512"), settings);
        Assert.Equal(preparedAfterFirst, preparedAfterSecond);
        Assert.Equal([1, 2], await ReadProbeAsync());
    }

    [Fact]
    public async Task AGroupWhoseConnectionBroke_FailsItsWrite_AndTheNextOneRunsOnANewConnection()
    {
        using var commit = new SqliteGroupCommit(options);
        System.Data.Common.DbConnection? broken = null;

        await Assert.ThrowsAnyAsync<Exception>(() => commit.WriteAsync<int>(async db =>
        {
            await InsertRaw(db, 1);
            broken = db.Database.GetDbConnection();
            await broken.CloseAsync();
            return 1;
        }, CancellationToken.None));
        var next = await commit.WriteAsync(async db =>
        {
            await InsertRaw(db, 2);
            return db.Database.GetDbConnection();
        }, CancellationToken.None);

        Assert.NotSame(broken, next);
        Assert.Equal([2], await ReadProbeAsync());
    }

    [Fact]
    public async Task StatementCache_KeepsTheMostRecentlyUsed_AndHoldsNoCallersValues()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        using var cache = SqliteStatementCache.Attach(connection);

        var first = cache.Get("SELECT 0");
        for (var i = 1; i < SqliteStatementCache.Capacity; i++)
        {
            cache.Get($"SELECT {i}");
        }

        Assert.Same(first, cache.Get("SELECT 0"));
        cache.Get("SELECT 'one more'");
        Assert.Equal(SqliteStatementCache.Capacity + 1, cache.Prepared);
        first.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@p0", "value"));
        SqliteStatementCache.Release(first);

        // "SELECT 1" was the least recently used when the cache was full: it is prepared again, "SELECT 0" is not.
        cache.Get("SELECT 1");
        Assert.Equal(SqliteStatementCache.Capacity + 2, cache.Prepared);
        Assert.Same(first, cache.Get("SELECT 0"));
        Assert.Equal(DBNull.Value, Assert.Single(first.Parameters.Cast<System.Data.Common.DbParameter>()).Value);
    }

    [Fact]
    public async Task StatementCache_ACommandRunAgain_KeepsItsParameterObjects_AndBindsTheNewValues()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        using var cache = SqliteStatementCache.Attach(connection);
        var command = cache.Get("SELECT @p0, @p1");

        async Task<(object, object)> RunAsync(object? first, object? second)
        {
            var args = new SqlArguments(connection);
            Assert.Equal("@p0, @p1", $"{args.Add(first)}, {args.Add(second)}");
            args.BindTo(command);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var row = (reader.GetValue(0), reader.GetValue(1));
            SqliteStatementCache.Release(command);
            return row;
        }

        Assert.Equal((1L, "a"), await RunAsync(1, "a"));
        var parameters = command.Parameters.Cast<System.Data.Common.DbParameter>().ToList();
        Assert.Equal((2L, DBNull.Value), await RunAsync(2, null));

        Assert.Equal(parameters, command.Parameters.Cast<System.Data.Common.DbParameter>());
        Assert.All(parameters, p => Assert.Equal(DBNull.Value, p.Value));
    }

    private static async Task<string> PragmaAsync(PatientDocsDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task<int> Insert(PatientDocsDbContext db, int n)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO group_probe (n) VALUES ({0})", n);
        return n;
    }

    /// <summary>Through the store's plain-command path, the one that uses the writer's prepared statements.</summary>
    private static async Task<int> InsertRaw(PatientDocsDbContext db, int n)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        await RawSql.ExecuteAsync(db, $"INSERT INTO group_probe (n) VALUES ({args.Add(n)})", args, CancellationToken.None);
        return n;
    }

    private async Task<List<int>> ReadProbeAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<int>("SELECT n AS \"Value\" FROM group_probe ORDER BY n").ToListAsync();
    }
}
