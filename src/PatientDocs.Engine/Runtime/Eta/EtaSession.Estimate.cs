using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Eta;

public sealed partial class EtaSession
{
    private const int StepsShown = 5;

    /// <summary>
    /// The instance's estimate: a finished one answers with its finish time; a waiting one with a floor from its tasks'
    /// queue positions and limits, plus the rest of its path as recently finished instances of its definition took it.
    /// </summary>
    public async Task<InstanceEta> EstimateAsync(InstanceRecord instance, CancellationToken cancellationToken = default)
    {
        if (instance.Status == WorkflowStatus.Finished)
        {
            var at = instance.FinishedAt ?? instance.UpdatedAt;
            return Eta(instance, instance.SubStatus.ToString(), at, at, EtaBasis.Finished, $"{instance.SubStatus} at {at:u}.", [], 0);
        }

        var status = instance.SubStatus == WorkflowSubStatus.Suspended ? "Waiting" : instance.SubStatus.ToString();
        var history = await _estimator.HistoryAsync(instance.DefinitionId, cancellationToken);
        var tasks = (await _estimator.Store.ListTasksAsync(instance.Id, cancellationToken))
            .Where(t => t.State is TaskState.Pending or TaskState.Running)
            .ToList();
        if (tasks.Count == 0)
        {
            return await WithoutTasksAsync(instance, status, history, cancellationToken);
        }

        var steps = new List<EtaStep>(tasks.Count);
        foreach (var task in tasks)
        {
            steps.Add(await StepAsync(task, history, cancellationToken));
        }

        var blocking = steps.MaxBy(s => s.ExpectedStart)!;
        steps.AddRange(await UpcomingAsync(instance, tasks.Select(t => t.ActivityId).ToHashSet(StringComparer.Ordinal), history, cancellationToken));
        var lowerBound = steps.Max(s => s.NotBefore);
        var latest = steps.Max(s => s.ExpectedStart);
        var dominant = steps.MaxBy(s => s.NotBefore)!;
        var shown = steps.OrderByDescending(s => s.ExpectedStart).Take(StepsShown).ToList();
        var where = Describe(dominant, tasks.Count);
        if (history.Activities.TryGetValue(blocking.ActivityId, out var rest))
        {
            var etaAt = Max(Max(blocking.ExpectedStart + (rest.Run ?? TimeSpan.Zero) + rest.Tail, latest), lowerBound);
            var summary = $"{where}: at least {EtaMath.Describe(lowerBound - Now)}; about {EtaMath.Describe(etaAt - Now)} with the rest of the path as {rest.Samples} finished instances took it.";
            return Eta(instance, status, etaAt, lowerBound, EtaBasis.QueueLimitsAndHistory, summary, shown, history.Instances);
        }

        var why = history.Instances == 0 ? "no finished instance yet to measure the rest of the path" : "no finished instance ran this step yet";
        return Eta(instance, status, Max(latest, lowerBound), lowerBound, EtaBasis.QueueLimits, $"{where}: at least {EtaMath.Describe(lowerBound - Now)} ({why}).", shown, history.Instances);
    }

    /// <summary>
    /// Limited steps still ahead on the instance's path (its flowchart's connections from what it waits on) whose activity
    /// other instances have queued now: its task, created later, comes after every ready task of its priority or higher.
    /// </summary>
    private async Task<IReadOnlyList<EtaStep>> UpcomingAsync(InstanceRecord instance, HashSet<string> current, DefinitionHistory history, CancellationToken cancellationToken)
    {
        var ahead = PathAhead.Downstream((await DefinitionOfAsync(instance.DefinitionVersionId, cancellationToken))?.Root, current)
            .Where(a => !current.Contains(a))
            .ToHashSet(StringComparer.Ordinal);
        if (ahead.Count == 0)
        {
            return [];
        }

        var steps = new List<EtaStep>();
        var queued = await QueuedTasksAsync(cancellationToken);
        foreach (var sample in queued.Where(t => ahead.Contains(t.ActivityId) && t.InstanceId != instance.Id).DistinctBy(t => t.ActivityId, StringComparer.Ordinal))
        {
            var queue = _estimator.Catalog.Resolve(sample.Queue);
            if (queue.Limit is not { } limit)
            {
                continue;
            }

            var order = await OrderOfAsync(_estimator.GroupOf(sample.Queue), cancellationToken);
            var before = order.ReadyAtOrAbove(sample.Priority);
            var window = (await WindowOfAsync(limit, cancellationToken)).ToList();
            var draw = history.DrawPerTask.GetValueOrDefault((sample.Queue, sample.Priority), 1);
            steps.Add(new EtaStep(
                sample.ActivityId, sample.Queue, limit.Name, Rate(queue), before + 1, false,
                EtaMath.LimitFloor(before, window, limit.Permits, limit.Window, Now),
                EtaMath.LimitFloor((int)Math.Ceiling(before * draw), window, limit.Permits, limit.Window, Now),
                Upcoming: true));
        }

        return steps;
    }

    private async Task<EtaStep> StepAsync(TaskRecord task, DefinitionHistory history, CancellationToken cancellationToken)
    {
        var queue = _estimator.Catalog.Resolve(task.Queue);
        var order = await OrderOfAsync(_estimator.GroupOf(task.Queue), cancellationToken);
        if (task.State == TaskState.Running)
        {
            return new EtaStep(task.ActivityId, task.Queue, queue.Limit?.Name, Rate(queue), 0, true, Now, Now);
        }

        var ahead = order.Ahead.GetValueOrDefault(task.Id, order.Ready);
        var backoff = task.NotBefore > Now ? task.NotBefore : Now;
        if (queue.Limit is { } limit)
        {
            var window = await WindowOfAsync(limit, cancellationToken);
            var floor = EtaMath.LimitFloor(ahead, window.ToList(), limit.Permits, limit.Window, Now);
            // Tasks that outrank this one join the queue while it waits; history says how many per task ahead.
            var draw = history.DrawPerTask.GetValueOrDefault((task.Queue, task.Priority), 1);
            var expected = EtaMath.LimitFloor((int)Math.Ceiling(ahead * draw), window.ToList(), limit.Permits, limit.Window, Now);
            return new EtaStep(task.ActivityId, task.Queue, limit.Name, Rate(queue), ahead + 1, false, Max(floor, backoff), Max(expected, backoff));
        }

        var run = history.Activities.GetValueOrDefault(task.ActivityId)?.Run;
        var slotStart = run is { } typical ? EtaMath.SlotStart(ahead, queue.Slots, typical, Now) : Now;
        return new EtaStep(task.ActivityId, task.Queue, null, null, ahead + 1, false, backoff, Max(slotStart, backoff));
    }

    private async Task<InstanceEta> WithoutTasksAsync(InstanceRecord instance, string status, DefinitionHistory history, CancellationToken cancellationToken)
    {
        var bookmarks = await _estimator.Store.ListBookmarksAsync(instance.Id, cancellationToken);
        var timer = bookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.DueAt is not null).MinBy(b => b.DueAt);
        if (timer is not null)
        {
            var due = Max(timer.DueAt!.Value, Now);
            return Eta(instance, status, due, due, EtaBasis.Timer, $"{timer.ActivityId} waits for a timer due in {EtaMath.Describe(due - Now)}: at least that.", [], history.Instances);
        }

        // A task bookmark whose task is no longer unfinished: its completion is queued and the instance resumes next.
        if (bookmarks.FirstOrDefault(b => b.Kind is BookmarkKind.Task or BookmarkKind.TaskGroup) is { } done)
        {
            var resuming = $"{done.ActivityId} has completed and the instance resumes at its next burst";
            return history.Activities.TryGetValue(done.ActivityId, out var rest)
                ? Eta(instance, status, Now + rest.Tail, Now, EtaBasis.History, $"{resuming}; about {EtaMath.Describe(rest.Tail)} more as {rest.Samples} finished instances took it.", [], history.Instances)
                : Eta(instance, status, Now, Now, EtaBasis.QueueLimits, $"{resuming} (no finished instance ran this step yet).", [], history.Instances);
        }

        var reason = instance.IncidentCount > 0 ? $"it has {instance.IncidentCount} incident(s) and waits for an operator's retry"
            : instance.SubStatus is WorkflowSubStatus.Pending or WorkflowSubStatus.Executing ? "it is running (or about to run) a burst; ask again once it waits"
            : "it waits for something outside its queues (an event, a child workflow or an HTTP call)";
        return Eta(instance, status, null, Now, EtaBasis.Unknown, $"No estimate: {reason}.", [], history.Instances);
    }

    private static string Describe(EtaStep step, int taskCount)
    {
        var items = taskCount > 1 ? $" (the last of its {taskCount} unfinished tasks)" : "";
        if (step.Running)
        {
            return $"{step.ActivityId} is running on the {step.Queue} queue{items}";
        }

        var rate = step.Rate is null ? "" : $" ({step.Rate})";
        return step.Upcoming
            ? $"{step.ActivityId} is still ahead: {step.Position - 1} tasks wait before it in the {step.Queue} queue{rate}"
            : $"{step.ActivityId} is {EtaMath.Ordinal(step.Position)} in the {step.Queue} queue{rate}{items}";
    }

    private static string? Rate(Queues.ResolvedQueue queue) =>
        queue.Limit is { } limit ? EtaMath.DescribeRate(limit.Permits, limit.Window) : null;

    private InstanceEta Eta(InstanceRecord instance, string status, DateTimeOffset? etaAt, DateTimeOffset? lowerBound, string basis, string summary, IReadOnlyList<EtaStep> steps, int samples) =>
        new(instance.Id, instance.DefinitionId, status, Now, etaAt, lowerBound, basis, summary, steps, samples);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
