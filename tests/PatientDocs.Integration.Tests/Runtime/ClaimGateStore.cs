using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// Records the queues of each claim in order and lets a test hold a claim until something has happened (other work on
/// the node let a slot go, say); every other call goes straight to the inner store.
/// </summary>
public class ClaimGateStore : StoreProxy
{
    /// <summary>The first queue of every claim, in the order the claims were made.</summary>
    public List<string> Claims { get; } = [];

    /// <summary>Awaited before a claim goes to the inner store.</summary>
    public Func<ClaimRequest, Task> BeforeClaim { get; set; } = _ => Task.CompletedTask;

    public static (IWorkflowStore Store, ClaimGateStore Gate) Wrap(IWorkflowStore inner) => Wrap<ClaimGateStore>(inner);

    protected override object? Intercept(MethodInfo method, object?[] args) =>
        method.Name == nameof(IWorkflowStore.ClaimTasksAsync) ? ClaimAsync((ClaimRequest)args[0]!, (CancellationToken)args[1]!) : null;

    private async Task<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        lock (Claims)
        {
            Claims.Add(request.Queues[0]);
        }

        await BeforeClaim(request);
        return await Inner.ClaimTasksAsync(request, cancellationToken);
    }
}
