using Microsoft.EntityFrameworkCore;
using Npgsql;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// The durable <see cref="Engine.Storage.IWorkflowStore"/> on SQLite or PostgreSQL. Each call uses its own short-lived
/// context and, when it writes, one transaction. PostgreSQL coordinates concurrent nodes with row locks and SKIP LOCKED;
/// SQLite has one writer, so the node's writes are grouped into shared transactions (<see cref="SqliteGroupCommit"/>) that
/// take a process-wide lock and then BEGIN IMMEDIATE. <paramref name="time"/> is the
/// node's clock, the one its task worker measures with.
/// </summary>
public sealed partial class EfWorkflowStore(IDbContextFactory<PatientDocsDbContext> contextFactory, StoreOptions options, TimeProvider time) : Engine.Storage.IWorkflowStore, IDisposable
{
    /// <summary>Closes SQLite's writer connection (the container calls it when the node stops).</summary>
    public void Dispose() => groupCommit?.Dispose();

    private const int MaxTransientRetries = 5;

    private readonly bool isPostgres = options.Provider == StoreProvider.PostgreSql;

    private readonly bool limitsOnDatabaseClock = options.Provider == StoreProvider.PostgreSql && options.LimitsOnDatabaseClock;

    private static long Ms(DateTimeOffset value) => UnixMillisecondsConverter.ToMs(value);

    private async Task<T> ReadAsync<T>(Func<PatientDocsDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        // One connection for all the statements of the call, instead of an open and a reset per statement.
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await read(db);
    }

    private readonly SqliteGroupCommit? groupCommit = options.Provider == StoreProvider.PostgreSql ? null : new SqliteGroupCommit(options);

    private Task<T> WriteAsync<T>(Func<PatientDocsDbContext, Task<T>> write, CancellationToken cancellationToken) =>
        WriteWithRetriesAsync((db, _) => write(db), inTransaction: true, cancellationToken);

    /// <summary>
    /// A write in a transaction whose last statements go out with its COMMIT. <paramref name="write"/> adds them to the batch
    /// it is handed and leaves them unsent; on PostgreSQL the store sends them with COMMIT as the batch's last statement, so
    /// the commit costs no round trip of its own. A statement that fails stops the batch before its COMMIT, and the
    /// transaction is rolled back as it is disposed. On SQLite the batch is sent within the group commit's transaction.
    /// </summary>
    private Task<T> WriteEndingInBatchAsync<T>(Func<PatientDocsDbContext, StatementBatch, Task<T>> write, CancellationToken cancellationToken) =>
        WriteWithRetriesAsync(write, inTransaction: true, cancellationToken);

    /// <summary>
    /// A write that sends one batch and nothing else: <paramref name="write"/> adds its statements to the batch it is handed
    /// (or sends its one batch itself), and the store sends what it left there. On PostgreSQL it goes without BEGIN and
    /// COMMIT: the protocol runs a batch, up to its single Sync, as one transaction all the same, so the write is as atomic
    /// in one round trip as it was in two. It cannot check a count after its batch (that has committed by then); a statement
    /// in it raises instead (<see cref="Refusal"/>). On SQLite it is any write of the group commit.
    /// </summary>
    private Task<T> WriteOneBatchAsync<T>(Func<PatientDocsDbContext, StatementBatch, Task<T>> write, CancellationToken cancellationToken) =>
        WriteWithRetriesAsync(write, inTransaction: false, cancellationToken);

    private async Task<T> WriteWithRetriesAsync<T>(Func<PatientDocsDbContext, StatementBatch, Task<T>> write, bool inTransaction, CancellationToken cancellationToken)
    {
        // The write, then what it left in its batch, inside whatever transaction the caller runs it in.
        async Task<T> WriteAndSendAsync(PatientDocsDbContext db)
        {
            var last = new StatementBatch();
            var result = await write(db, last);
            await last.FlushAsync(db, cancellationToken);
            return result;
        }

        if (groupCommit is not null)
        {
            return await groupCommit.WriteAsync(WriteAndSendAsync, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            // PostgreSQL: one context and transaction per write; concurrent writers are coordinated by row locks.
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            try
            {
                if (!inTransaction)
                {
                    return await WriteAndSendAsync(db);
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var last = new StatementBatch();
                var result = await write(db, last);
                if (last.Count > 0)
                {
                    await last.FlushAsync(db, cancellationToken, commit: true);
                }
                else
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                return result;
            }
            catch (Exception ex) when (attempt < MaxTransientRetries && IsTransientConflict(ex))
            {
                // A deadlock victim or serialization failure on PostgreSQL: nothing was written (a batch without a
                // transaction rolls back as a whole too), so run it again.
            }
        }
    }

    /// <summary>
    /// A SQL expression for PostgreSQL that fails the statement, and with it the batch's transaction, with
    /// <paramref name="sqlState"/> (the function <c>patientdocs_refuse</c>, migration 15).
    /// </summary>
    private static string Refusal(string sqlState, SqlArguments args, string message) =>
        $"patientdocs_refuse('{sqlState}', {args.Add(message)})";

    /// <summary>The SQLSTATE a burst's write raises on PostgreSQL when its node no longer holds the instance's lease.</summary>
    private const string LeaseLostState = "PDL01";

    /// <summary>The SQLSTATE a start's write raises on PostgreSQL when its version is no longer the one its options select.</summary>
    private const string StartVersionReplacedState = "PDV01";

    private Task<bool> WriteAsync(Func<PatientDocsDbContext, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await write(db);
            return true;
        }, cancellationToken);

    private static bool IsTransientConflict(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: "40P01" or "40001" })
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<IReadOnlyList<T>> Chunk<T>(IReadOnlyList<T> items, int size)
    {
        for (var i = 0; i < items.Count; i += size)
        {
            yield return items.Skip(i).Take(size).ToList();
        }
    }
}
