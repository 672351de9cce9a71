using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence;

namespace PatientDocs.StateLanguage.Storage;

/// <summary>
/// Every read and write of the module's tables. Inserts are decided by the database (a primary key conflict), so two
/// registrations of one version, or two starts with one idempotency key, have exactly one winner across nodes.
/// </summary>
public sealed class StateLanguageStore(IDbContextFactory<StateLanguageDbContext> contexts, StoreWriteGate writes)
{
    /// <summary>How long an idempotency key holds its execution; an older one is ignored and replaced.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<WorkflowRow>> ListWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Workflows.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The given version, or with a null version the one registered last; null when there is none.</summary>
    public async Task<WorkflowRow?> FindWorkflowAsync(string name, string? version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Workflows.AsNoTracking().Where(w => w.Name == name);
        return version is null
            ? await rows.OrderByDescending(w => w.EngineVersion).FirstOrDefaultAsync(cancellationToken)
            : await rows.SingleOrDefaultAsync(w => w.Version == version, cancellationToken);
    }

    /// <summary>Inserts a registered version; false when that name and version exist already.</summary>
    public async Task<bool> InsertWorkflowAsync(WorkflowRow row, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        return await write.Db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO state_language_workflows (name, version, definition_id, engine_version, definition, start_at, state_count, registered_at)
            VALUES ({row.Name}, {row.Version}, {row.DefinitionId}, {row.EngineVersion}, {row.Definition}, {row.StartAt}, {row.StateCount}, {Ms(row.RegisteredAt)})
            ON CONFLICT (name, version) DO NOTHING
            """,
            cancellationToken) == 1;
    }

    /// <summary>Undoes <see cref="InsertWorkflowAsync"/> when the engine definition could not be saved after it.</summary>
    public async Task DeleteWorkflowAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.Db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM state_language_workflows WHERE name = {name} AND version = {version}", cancellationToken);
    }

    /// <summary>The key's row if it was written after <paramref name="now"/> minus <see cref="KeyLifetime"/>; null otherwise.</summary>
    public async Task<IdempotencyKeyRow?> FindKeyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Key == key, cancellationToken);
        return row is not null && row.CreatedAt > now - KeyLifetime ? row : null;
    }

    /// <summary>
    /// Writes the key for this execution unless a live one holds it (an expired one is replaced); false when another start
    /// holds the key.
    /// </summary>
    public async Task<bool> ClaimKeyAsync(IdempotencyKeyRow row, CancellationToken cancellationToken = default)
    {
        var expired = Ms(row.CreatedAt - KeyLifetime);
        await using var write = await BeginWriteAsync(cancellationToken);
        return await write.Db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO state_language_idempotency_keys (idempotency_key, request, execution_id, created_at)
            VALUES ({row.Key}, {row.Request}, {row.ExecutionId}, {Ms(row.CreatedAt)})
            ON CONFLICT (idempotency_key) DO UPDATE SET request = excluded.request, execution_id = excluded.execution_id, created_at = excluded.created_at
            WHERE state_language_idempotency_keys.created_at <= {expired}
            """,
            cancellationToken) == 1;
    }

    /// <summary>A context for one write, its connection open and the node's write turn taken (see <see cref="StoreWriteGate"/>).</summary>
    private async Task<Write> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new Write(db, await writes.EnterAsync(cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private sealed class Write(StateLanguageDbContext db, IDisposable? turn) : IAsyncDisposable
    {
        public StateLanguageDbContext Db { get; } = db;

        public async ValueTask DisposeAsync()
        {
            // The context first: its connection closes before the next writer's turn.
            await Db.DisposeAsync();
            turn?.Dispose();
        }
    }
}
