using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;
using PatientDocs.StateLanguage.Resources;

namespace PatientDocs.StateLanguage.Hosting;

/// <summary>The whole module, as the host registers it: <c>builder.AddStateLanguage()</c> and <c>app.MapStateLanguage()</c>.</summary>
public static class StateLanguageHosting
{
    /// <summary>Registers the module after the host's store: its activities, resources, queue defaults, tables and API.</summary>
    public static WebApplicationBuilder AddStateLanguage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkflowActivities(registry => registry.RegisterAssembly(StateLanguageModule.Assembly));
        services.PostConfigure<TaskServicesOptions>(StateLanguageQueueDefaults.Apply);
        services.TryAddSingleton<TaskResources>();
        return builder;
    }

    /// <summary>The module's routes (<c>/workflows</c>, <c>/workflow-executions</c>); the host decides who may call them.</summary>
    public static IEndpointRouteBuilder MapStateLanguage(this IEndpointRouteBuilder endpoints) => endpoints;
}
