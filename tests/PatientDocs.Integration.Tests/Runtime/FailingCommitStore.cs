using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Forwards every call to an inner store, except that the first burst commit matching a rule fails before it reaches it.</summary>
public class FailingCommitStore : StoreProxy
{
    private Func<BurstCommit, bool> _fails = _ => false;
    private int _failed;

    public int Failed => Volatile.Read(ref _failed);

    public static (IWorkflowStore Store, FailingCommitStore Control) Wrap(IWorkflowStore inner, Func<BurstCommit, bool> failsFirst)
    {
        var (store, control) = Wrap<FailingCommitStore>(inner);
        control._fails = failsFirst;
        return (store, control);
    }

    protected override object? Intercept(MethodInfo method, object?[] args) =>
        method.Name == nameof(IWorkflowStore.CommitBurstAsync) && args[0] is BurstCommit commit && _fails(commit) && Interlocked.CompareExchange(ref _failed, 1, 0) == 0
            ? Task.FromException(new InvalidOperationException("The store failed this commit (injected)."))
            : null;
}
