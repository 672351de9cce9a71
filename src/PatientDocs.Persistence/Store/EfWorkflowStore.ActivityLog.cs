using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    // Any constant shared by every PatientDocs process; "PDACTLOG" as bytes.
    private const long ActivityLogLockKey = 0x50444143544C4F47;

    /// <summary>
    /// Lines are inserted unnumbered with their burst, because on PostgreSQL ids are handed out before commit and commit out
    /// of order; numbering only committed lines, under one lock, gives every line one place that never moves.
    /// </summary>
    public async Task<long> SequenceActivityLogAsync(int max, CancellationToken cancellationToken = default)
    {
        // Most calls find nothing to number: answer them without taking the writer.
        var (highest, pending) = await ReadAsync(async db => (await HighestSequenceAsync(db, cancellationToken), await HasUnsequencedAsync(db, cancellationToken)), cancellationToken);
        if (max <= 0 || !pending)
        {
            return highest;
        }

        return await WriteAsync(async db =>
        {
            if (isPostgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ActivityLogLockKey})", cancellationToken);
            }

            var last = await HighestSequenceAsync(db, cancellationToken);
            var args = new SqlArguments(db.Database.GetDbConnection());
            var number = $"""
                UPDATE activity_log SET sequence = {args.Add(last)} + n.rn
                FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM activity_log WHERE sequence IS NULL ORDER BY id LIMIT {args.Add(max)}) AS n
                WHERE activity_log.id = n.id
                """;
            var numbered = await RawSql.ExecuteAsync(db, number, args, cancellationToken);
            return last + numbered;
        }, cancellationToken);
    }

    /// <summary>
    /// A burst's lines. On SQLite each is numbered as it is inserted: the single writer commits lines in the order it
    /// inserts them, so the number is already the line's place for good, and the numbering pass (an UPDATE of every line
    /// and of two of its indexes, in a write of its own) finds nothing to do. PostgreSQL inserts them unnumbered (see
    /// <see cref="SequenceActivityLogAsync"/>).
    /// </summary>
    private Task InsertActivityLogAsync(Schema.PatientDocsDbContext db, IReadOnlyList<ActivityEvent> lines, StatementBatch later, CancellationToken cancellationToken) =>
        InsertEntitiesAsync(db, lines.Select(RowMapping.ToRow).ToList(), upsert: false, cancellationToken, later, numbered: isPostgres ? null : "sequence");

    public Task<IReadOnlyList<ActivityLogRecord>> ReadActivityLogAsync(long afterSequence, int max, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = await db.ActivityLog.Where(r => r.Sequence > afterSequence).OrderBy(r => r.Sequence).Take(Math.Max(0, max)).ToListAsync(cancellationToken);
            return (IReadOnlyList<ActivityLogRecord>)rows.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<ActivityLogRecord>> ListActivityLogAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = await db.ActivityLog.Where(r => r.InstanceId == instanceId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<ActivityLogRecord>)rows.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    private static async Task<long> HighestSequenceAsync(Schema.PatientDocsDbContext db, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<long?>("""SELECT MAX(sequence) AS "Value" FROM activity_log""").ToListAsync(cancellationToken)).FirstOrDefault() ?? 0;

    private static async Task<bool> HasUnsequencedAsync(Schema.PatientDocsDbContext db, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<long?>("""SELECT MIN(id) AS "Value" FROM activity_log WHERE sequence IS NULL""").ToListAsync(cancellationToken)).FirstOrDefault() is not null;
}
