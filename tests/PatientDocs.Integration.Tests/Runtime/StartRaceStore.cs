using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// Forwards every call to an inner store, and plays another node changing a definition while this one starts it: after
/// the first start it creates, it deletes the definition (<see cref="DeleteAfterFirstStart"/>), or it refuses every start
/// that names a version, as if a new one were published before each (<see cref="RefuseEveryVersion"/>).
/// </summary>
public class StartRaceStore : StoreProxy
{
    private string? _deleteAfterFirstStart;
    private bool _refuseEveryVersion;

    public static IWorkflowStore DeleteAfterFirstStart(IWorkflowStore inner, string definitionId) => Create(inner, definitionId, refuse: false);

    public static IWorkflowStore RefuseEveryVersion(IWorkflowStore inner) => Create(inner, null, refuse: true);

    private static IWorkflowStore Create(IWorkflowStore inner, string? definitionId, bool refuse)
    {
        var (store, control) = Wrap<StartRaceStore>(inner);
        (control._deleteAfterFirstStart, control._refuseEveryVersion) = (definitionId, refuse);
        return store;
    }

    protected override object? Intercept(MethodInfo method, object?[] args) =>
        method.Name == nameof(IWorkflowStore.CreateInstancesAsync) && args[2] is IReadOnlyList<StartVersion> { Count: > 0 }
            ? _refuseEveryVersion ? Task.FromResult(false) : CreateThenDeleteAsync(args)
            : null;

    private async Task<bool> CreateThenDeleteAsync(object?[] args)
    {
        var created = await Inner.CreateInstancesAsync(
            (IReadOnlyList<InstanceRecord>)args[0]!, (IReadOnlyList<WorkItemRecord>)args[1]!, (IReadOnlyList<StartVersion>)args[2]!, (CancellationToken)args[3]!);
        if (created && _deleteAfterFirstStart is { } definitionId)
        {
            _deleteAfterFirstStart = null;
            await Inner.DeleteDefinitionAsync(definitionId);
        }

        return created;
    }
}
