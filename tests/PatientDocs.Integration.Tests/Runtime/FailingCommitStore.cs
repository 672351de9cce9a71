using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Forwards every call to an inner store, except that the first burst commit matching a rule fails before it reaches it.</summary>
public class FailingCommitStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;
    private Func<BurstCommit, bool> _fails = _ => false;
    private int _failed;

    public int Failed => Volatile.Read(ref _failed);

    public static (IWorkflowStore Store, FailingCommitStore Control) Wrap(IWorkflowStore inner, Func<BurstCommit, bool> failsFirst)
    {
        var store = Create<IWorkflowStore, FailingCommitStore>();
        var control = (FailingCommitStore)(object)store;
        control._inner = inner;
        control._fails = failsFirst;
        return (store, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IWorkflowStore.CommitBurstAsync) && args?[0] is BurstCommit commit && _fails(commit) && Interlocked.CompareExchange(ref _failed, 1, 0) == 0)
        {
            return Task.FromException(new InvalidOperationException("The store failed this commit (injected)."));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
