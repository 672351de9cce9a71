using Microsoft.Extensions.DependencyInjection;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>A tiny service provider (with scopes) so task activities can resolve the test's probes through TaskContext.Services.</summary>
public sealed class TestServices : IServiceProvider, IServiceScopeFactory, IServiceScope
{
    private readonly Dictionary<Type, object> _services = [];

    public IServiceProvider ServiceProvider => this;

    public TestServices Add<T>(T service)
        where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IServiceScopeFactory) ? this : _services.GetValueOrDefault(serviceType);

    public IServiceScope CreateScope() => this;

    public void Dispose()
    {
    }
}
