using System.Reflection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// A store that forwards every call to an inner store; a test's subclass steps in for the calls it cares about in
/// <see cref="Intercept"/>. Exceptions of the inner store reach the caller as themselves, not wrapped by reflection.
/// </summary>
public abstract class StoreProxy : DispatchProxy
{
    protected IWorkflowStore Inner { get; private set; } = null!;

    protected static (IWorkflowStore Store, TProxy Proxy) Wrap<TProxy>(IWorkflowStore inner)
        where TProxy : StoreProxy
    {
        var store = Create<IWorkflowStore, TProxy>();
        var proxy = (TProxy)(object)store;
        proxy.Inner = inner;
        return (store, proxy);
    }

    /// <summary>The call's result in place of the inner store's, or null to forward it (with <paramref name="args"/> as they are now).</summary>
    protected virtual object? Intercept(MethodInfo method, object?[] args) => null;

    protected sealed override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        if (Intercept(targetMethod, args) is { } result)
        {
            return result;
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
