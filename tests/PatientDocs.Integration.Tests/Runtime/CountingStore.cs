using System.Collections.Concurrent;
using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Forwards every store call to an inner store and counts the calls by method name.</summary>
public class CountingStore : StoreProxy
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public static (IWorkflowStore Store, CountingStore Counter) Wrap(IWorkflowStore inner) => Wrap<CountingStore>(inner);

    public int CountOf(string method) => Calls.GetValueOrDefault(method);

    protected override object? Intercept(MethodInfo method, object?[] args)
    {
        Calls.AddOrUpdate(method.Name, 1, (_, n) => n + 1);
        return null;
    }
}
