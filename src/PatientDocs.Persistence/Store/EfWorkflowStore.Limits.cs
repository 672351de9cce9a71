using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// The rate-limit windows' grant log. On PostgreSQL (with <see cref="StoreOptions.LimitsOnDatabaseClock"/>) every time
/// the window counts — the grant, the end of its hold, its release — is the database's clock, so a node whose clock is off
/// can neither stretch nor shrink a window; the times a claimer is handed back are translated into its own clock. SQLite
/// has one node, whose clock is the window's.
/// </summary>
public sealed partial class EfWorkflowStore
{
    /// <summary>
    /// Microseconds since the epoch on the database's clock (its resolution), rounded down: a window's "now" read early
    /// counts more permits, never fewer. Not whole milliseconds: the grant a claimer is handed is this reading's distance
    /// from its own clock added to the window's time, so a reading rounded down to the millisecond would delay every
    /// request by half a millisecond on average, once per window.
    /// </summary>
    private const string DatabaseNowMicrosecondsFloor = "floor(extract(epoch from clock_timestamp()) * 1000000)::bigint";

    /// <summary>
    /// A release stamp in milliseconds (as the window stores): the database's clock less <paramref name="sinceAnswer"/>
    /// microseconds, rounded up once, so a release stamped late counts its permit longer, never shorter.
    /// </summary>
    private static string DatabaseReleaseMs(string sinceAnswer) =>
        $"ceil((floor(extract(epoch from clock_timestamp()) * 1000000) - {sinceAnswer}) / 1000)::bigint";

    public Task ReleasePermitAsync(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            await ReleaseGrantAsync(db, taskId, grantedAt, releasedAt, time.GetUtcNow(), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Grant times as handed to their holders; with the database's clock each is in its own holder's clock.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> ListGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var start = now - window;
            var grants = await db.RateLimitGrants.Where(g => g.LimitName == limitName && g.GrantedAt > start && g.GrantedAt <= now)
                .OrderBy(g => g.GrantedAt).Select(g => g.GrantedAt).ToListAsync(cancellationToken);
            return (IReadOnlyList<DateTimeOffset>)grants;
        }, cancellationToken);

    public Task<PermitAcquisition> AcquirePermitsAsync(PermitRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var limit = request.Limit;
            var time = await LockLimitAsync(db, request.Clock, request.Now, limit.Name, cancellationToken);
            var countsFrom = (await CountingPermitsAsync(db, limit.Name, time.Now - limit.Window, cancellationToken)).Select(UnixMillisecondsConverter.FromMs).ToList();
            // As for a claim: the window stores the hold widened by how far apart the claimer's readings were.
            var plan = ClaimPlanner.PlanPermits(Math.Max(1, request.Count), countsFrom, limit with { Hold = limit.Hold + time.Uncertainty }, time.Now);
            if (plan.GrantedAt is not { } grantedAt)
            {
                return new PermitAcquisition(null, plan.NextClaimAt is { } next ? time.WakeForNode(next) : null);
            }

            var nodeGrantedAt = time.GrantForNode(grantedAt);
            if (request.Count > 0)
            {
                var grants = Enumerable.Repeat(new Grant(request.Holder, nodeGrantedAt, plan.HeldUntil!.Value), request.Count).ToList();
                await InsertGrantsAsync(db, limit.Name, grants, cancellationToken);
            }

            return new PermitAcquisition(nodeGrantedAt, null);
        }, cancellationToken);

    /// <summary>
    /// Locks the limit's row (created on first use), which serialises every claimer of this limit on every node for
    /// count-then-grant (SQLite's writer lock already does), and reads the window's time once it is held, so time spent
    /// waiting for the lock does not eat the permit's hold. On the database's clock the lock and the reading are two
    /// statements of one round trip, the claimer's clock read before and after it.
    /// </summary>
    private async Task<LimitTime> LockLimitAsync(PatientDocsDbContext db, TimeProvider? clock, DateTimeOffset askedAt, string limitName, CancellationToken cancellationToken)
    {
        if (!isPostgres)
        {
            // SQLite's writer lock serialises the claimers already: the row would lock nothing.
            return LimitTime.OnNodeClock(ClaimTime(clock, askedAt));
        }

        // The row exists after a limit's first claim, so the lock (and reading) is tried first: one round trip where an
        // insert-if-missing before every lock made two. Without the row it is created, and the lock taken again.
        for (var attempt = 0; ; attempt++)
        {
            var args = new SqlArguments(db.Database.GetDbConnection());
            var name = args.Add(limitName);
            LimitTime? locked;
            if (!limitsOnDatabaseClock)
            {
                var lockRow = $"SELECT 1 FROM rate_limits WHERE name = {name} FOR UPDATE";
                var rows = await RawSql.QueryAsync(db, lockRow, args, _ => true, cancellationToken);
                locked = rows.Count > 0 ? LimitTime.OnNodeClock(ClaimTime(clock, askedAt)) : null;
            }
            else
            {
                // The reading is a second statement of the same round trip, so it is taken once the lock is held. Read in
                // the locking statement, it was projected before a wait for the lock, and every grant then mapped into the
                // claimer's clock through the whole wait: claimers of one limit wake together when a permit frees up, and
                // the one that waited sent its request that much later. The reading still lies between the claimer's two.
                var before = ClaimTime(clock, askedAt);
                var found = false;
                long? reading = null;
                await RawSql.QueryBatchAsync(
                    db,
                    [
                        ($"SELECT 1 FROM rate_limits WHERE name = {name} FOR UPDATE", args, async reader => found = await reader.ReadAsync(cancellationToken)),
                        ($"SELECT {DatabaseNowMicrosecondsFloor}", null, async reader => reading = await reader.ReadAsync(cancellationToken) ? Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : null),
                    ],
                    cancellationToken);
                var after = ClaimTime(clock, askedAt);
                locked = found && reading is { } us ? new LimitTime(DateTimeOffset.UnixEpoch.AddTicks(us * TimeSpan.TicksPerMicrosecond), before, after, OnDatabaseClock: true) : null;
            }

            if (locked is { } held)
            {
                return held;
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException($"The rate limit row '{limitName}' could not be locked after it was created.");
            }

            var ensureArgs = new SqlArguments(db.Database.GetDbConnection());
            var ensureRow = $"INSERT INTO rate_limits (name) VALUES ({ensureArgs.Add(limitName)}) ON CONFLICT (name) DO NOTHING";
            await RawSql.ExecuteAsync(db, ensureRow, ensureArgs, cancellationToken);
        }
    }

    private static DateTimeOffset ClaimTime(TimeProvider? clock, DateTimeOffset askedAt) =>
        clock is not null && clock.GetUtcNow() is var current && current > askedAt ? current : askedAt;

    /// <summary>
    /// Records grants: <see cref="Grant.GrantedAt"/> as the holder was handed it (the attempt's identity) and the end of
    /// its hold in the window's clock, from which an unreleased permit counts.
    /// </summary>
    private static async Task InsertGrantsAsync(PatientDocsDbContext db, string limitName, IReadOnlyList<Grant> grants, CancellationToken cancellationToken)
    {
        var insert = new StatementBatch();
        AddGrants(db, insert, limitName, grants);
        await insert.FlushAsync(db, cancellationToken);
    }

    /// <summary>As <see cref="InsertGrantsAsync"/>, added to a batch of the same write.</summary>
    private static void AddGrants(PatientDocsDbContext db, StatementBatch batch, string limitName, IReadOnlyList<Grant> grants)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        var name = args.Add(limitName);
        // An unweighted limit's rows keep the column's default of 1, so its statement is the one it always was.
        var weighted = grants.Any(g => g.Units != 1);
        var values = string.Join(", ", grants.Select(g =>
            $"({name}, {args.Add(Ms(g.GrantedAt))}, {args.Add(g.TaskId)}, {args.Add(Ms(g.HeldUntil))}{(weighted ? $", {args.Add(g.Units)}" : "")})"));
        batch.Add($"INSERT INTO rate_limit_grants (limit_name, granted_at, task_id, held_until{(weighted ? ", weight" : "")}) VALUES {values}", args);
    }

    /// <summary>As <see cref="CountingPermitsAsync"/> for a weighted limit: each permit still counting with the units it charges.</summary>
    private static async Task<List<WeightedPermit>> CountingUnitsAsync(PatientDocsDbContext db, string limitName, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        const string CountsFrom = "COALESCE(released_at, held_until, granted_at)";
        var expireArgs = new SqlArguments(db.Database.GetDbConnection());
        var expire = $"DELETE FROM rate_limit_grants WHERE limit_name = {expireArgs.Add(limitName)} AND {CountsFrom} <= {expireArgs.Add(Ms(windowStart))}";
        await RawSql.ExecuteAsync(db, expire, expireArgs, cancellationToken);

        var args = new SqlArguments(db.Database.GetDbConnection());
        var counting = $"SELECT {CountsFrom} AS \"CountsFrom\", weight AS \"Units\" FROM rate_limit_grants WHERE limit_name = {args.Add(limitName)} AND {CountsFrom} > {args.Add(Ms(windowStart))}";
        var rows = await db.Database.SqlQueryRaw<WeightedRow>(counting, args.Parameters.ToArray<object>()).ToListAsync(cancellationToken);
        return rows.Select(r => new WeightedPermit(UnixMillisecondsConverter.FromMs(r.CountsFrom), r.Units)).OrderBy(p => p.CountsFrom).ToList();
    }

    /// <summary>The attempt's grant in the weighted limit charges what it used instead of its estimate (the rule in docs/content-pipeline.md).</summary>
    private static async Task CorrectUnitsAsync(PatientDocsDbContext db, string limitName, string taskId, DateTimeOffset grantedAt, long used, CancellationToken cancellationToken)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        var correct = $"UPDATE rate_limit_grants SET weight = {args.Add(Math.Max(0, used))} " +
            $"WHERE limit_name = {args.Add(limitName)} AND task_id = {args.Add(taskId)} AND granted_at = {args.Add(Ms(grantedAt))}";
        await RawSql.ExecuteAsync(db, correct, args, cancellationToken);
    }

    public Task<IReadOnlyList<PermitGrant>> ListPermitGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var start = now - window;
            var rows = await db.RateLimitGrants.Where(g => g.LimitName == limitName && g.GrantedAt > start && g.GrantedAt <= now)
                .OrderBy(g => g.GrantedAt).ToListAsync(cancellationToken);
            return (IReadOnlyList<PermitGrant>)rows.Select(g => new PermitGrant(g.TaskId ?? "", g.GrantedAt, g.ReleasedAt, g.Weight)).ToList();
        }, cancellationToken);

    /// <summary>
    /// Drops the permits whose window has passed and returns when each remaining one counts from (ms, ascending): its
    /// answer, else the end of its hold, else (rows from before holds existed) its grant.
    /// </summary>
    private static async Task<List<long>> CountingPermitsAsync(PatientDocsDbContext db, string limitName, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        const string CountsFrom = "COALESCE(released_at, held_until, granted_at)";
        var expireArgs = new SqlArguments(db.Database.GetDbConnection());
        var expire = $"DELETE FROM rate_limit_grants WHERE limit_name = {expireArgs.Add(limitName)} AND {CountsFrom} <= {expireArgs.Add(Ms(windowStart))}";
        await RawSql.ExecuteAsync(db, expire, expireArgs, cancellationToken);

        // Permits counting from after `now` (a hold not yet over) count too: the window must hold for them as well.
        var args = new SqlArguments(db.Database.GetDbConnection());
        var counting = $"SELECT {CountsFrom} AS \"Value\" FROM rate_limit_grants WHERE limit_name = {args.Add(limitName)} AND {CountsFrom} > {args.Add(Ms(windowStart))}";
        var countsFrom = await RawSql.QueryAsync(db, counting, args, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        countsFrom.Sort();
        return countsFrom;
    }

    /// <summary>
    /// Only this attempt's own grant: an earlier holder whose lease lapsed may still send until its hold ends. On the
    /// database's clock the release is stamped when the statement runs, less how long before <paramref name="measuredAt"/>
    /// (the node's clock, read before the statement was sent) the answer came: a duration on one clock, so the stamp is
    /// never before the answer, and a release that waited for a thread or a connection does not count its permit longer.
    /// </summary>
    private async Task ReleaseGrantAsync(
        PatientDocsDbContext db, string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt, DateTimeOffset measuredAt, CancellationToken cancellationToken,
        StatementBatch? later = null)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        // Rounded down to the microsecond, and the stamp rounded up once: two roundings to the millisecond (the duration
        // down, the clock up) would make each permit count about a millisecond longer than its answer, once per window.
        var sinceAnswerUs = Math.Max(0, (measuredAt - releasedAt).Ticks / TimeSpan.TicksPerMicrosecond);
        var releasedAtValue = limitsOnDatabaseClock ? DatabaseReleaseMs(args.Add(sinceAnswerUs)) : args.Add(Ms(releasedAt));
        var release = $"UPDATE rate_limit_grants SET released_at = {releasedAtValue} " +
            $"WHERE task_id = {args.Add(taskId)} AND granted_at = {args.Add(Ms(grantedAt))} AND released_at IS NULL";
        if (later is not null)
        {
            later.Add(release, args);
            return;
        }

        await RawSql.ExecuteAsync(db, release, args, cancellationToken);
    }

    /// <summary>One permit taken by a claim, with the units it charges a weighted limit.</summary>
    private readonly record struct Grant(string TaskId, DateTimeOffset GrantedAt, DateTimeOffset HeldUntil, long Units = 1);

    /// <summary>A weighted permit as read back: when it counts from (ms) and its units.</summary>
    private sealed record WeightedRow(long CountsFrom, long Units);
}
