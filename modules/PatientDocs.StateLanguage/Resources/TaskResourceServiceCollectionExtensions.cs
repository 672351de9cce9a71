using Microsoft.Extensions.DependencyInjection;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>Registration of real handlers.</summary>
public static class TaskResourceServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="T"/> as the handler of the resource it names; Tasks naming it stop being mocks.</summary>
    public static IServiceCollection AddTaskResource<T>(this IServiceCollection services)
        where T : class, ITaskResource =>
        services.AddSingleton<ITaskResource, T>();
}
