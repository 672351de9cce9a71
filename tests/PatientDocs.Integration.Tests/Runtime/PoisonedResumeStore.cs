using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// Forwards every call to an inner store, except that the first resumed burst prepared with a task's completion also
/// enqueues a task under the completing task's id (with a key of its own, which the store would otherwise skip), so the
/// database refuses that burst's statements.
/// </summary>
public class PoisonedResumeStore : StoreProxy
{
    private int _poisoned;

    public int Poisoned => Volatile.Read(ref _poisoned);

    public static (IWorkflowStore Store, PoisonedResumeStore Control) Wrap(IWorkflowStore inner) => Wrap<PoisonedResumeStore>(inner);

    protected override object? Intercept(MethodInfo method, object?[] args)
    {
        if (method.Name == nameof(IWorkflowStore.CompleteTaskAndLeaseAsync) && args[0] is TaskCompletion { RunResumedBurst: { } run } completion && Volatile.Read(ref _poisoned) == 0)
        {
            args[0] = completion with { RunResumedBurst = async (leased, ct) => await run(leased, ct) is { } prepared ? Poison(prepared, completion.TaskId) : null };
        }

        return null;
    }

    private PreparedBurst Poison(PreparedBurst prepared, string taskId)
    {
        Interlocked.Exchange(ref _poisoned, 1);
        var duplicate = prepared.Commit.NewTasks.Count > 0
            ? prepared.Commit.NewTasks[0] with { Id = taskId, IdempotencyKey = $"{taskId}:poisoned" }
            : throw new InvalidOperationException("The poisoned burst was expected to enqueue a task.");
        return prepared with { Commit = prepared.Commit with { NewTasks = [.. prepared.Commit.NewTasks, duplicate] } };
    }
}
