using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// Forwards every store call to an inner store; records the queues of each claim in order and lets a test hold a claim
/// until something has happened (the worker's earlier attempts finished, say).
/// </summary>
public class ClaimGateStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;

    /// <summary>The first queue of every claim, in the order the claims were made.</summary>
    public List<string> Claims { get; } = [];

    /// <summary>Awaited before a claim goes to the inner store.</summary>
    public Func<ClaimRequest, Task> BeforeClaim { get; set; } = _ => Task.CompletedTask;

    public static (IWorkflowStore Store, ClaimGateStore Gate) Wrap(IWorkflowStore inner)
    {
        var store = Create<IWorkflowStore, ClaimGateStore>();
        var gate = (ClaimGateStore)(object)store;
        gate._inner = inner;
        return (store, gate);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IWorkflowStore.ClaimTasksAsync))
        {
            return ClaimAsync((ClaimRequest)args![0]!, (CancellationToken)args[1]!);
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

    private async Task<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        lock (Claims)
        {
            Claims.Add(request.Queues[0]);
        }

        await BeforeClaim(request);
        return await _inner.ClaimTasksAsync(request, cancellationToken);
    }
}
