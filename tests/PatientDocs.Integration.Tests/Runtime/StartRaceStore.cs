using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// Forwards every call to an inner store, and plays another node changing a definition while this one starts it: after
/// the first start it creates, it deletes the definition (<see cref="DeleteAfterFirstStart"/>), or it refuses every start
/// that names a version, as if a new one were published before each (<see cref="RefuseEveryVersion"/>).
/// </summary>
public class StartRaceStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;
    private string? _deleteAfterFirstStart;
    private bool _refuseEveryVersion;

    public static IWorkflowStore DeleteAfterFirstStart(IWorkflowStore inner, string definitionId) => Create(inner, definitionId, refuse: false);

    public static IWorkflowStore RefuseEveryVersion(IWorkflowStore inner) => Create(inner, null, refuse: true);

    private static IWorkflowStore Create(IWorkflowStore inner, string? definitionId, bool refuse)
    {
        var store = Create<IWorkflowStore, StartRaceStore>();
        var control = (StartRaceStore)(object)store;
        (control._inner, control._deleteAfterFirstStart, control._refuseEveryVersion) = (inner, definitionId, refuse);
        return store;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IWorkflowStore.CreateInstancesAsync) && args?[2] is IReadOnlyList<StartVersion> { Count: > 0 })
        {
            return _refuseEveryVersion ? Task.FromResult(false) : CreateThenDeleteAsync(args);
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

    private async Task<bool> CreateThenDeleteAsync(object?[] args)
    {
        var created = await _inner.CreateInstancesAsync(
            (IReadOnlyList<InstanceRecord>)args[0]!, (IReadOnlyList<WorkItemRecord>)args[1]!, (IReadOnlyList<StartVersion>)args[2]!, (CancellationToken)args[3]!);
        if (created && _deleteAfterFirstStart is { } definitionId)
        {
            _deleteAfterFirstStart = null;
            await _inner.DeleteDefinitionAsync(definitionId);
        }

        return created;
    }
}
