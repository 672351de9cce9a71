using System.Collections.Concurrent;
using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Forwards every store call to an inner store and counts the calls by method name.</summary>
public class CountingStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public static (IWorkflowStore Store, CountingStore Counter) Wrap(IWorkflowStore inner)
    {
        var store = Create<IWorkflowStore, CountingStore>();
        var counter = (CountingStore)(object)store;
        counter._inner = inner;
        return (store, counter);
    }

    public int CountOf(string method) => Calls.GetValueOrDefault(method);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
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
