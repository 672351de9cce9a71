using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Persistence;
using PatientDocs.StateLanguage.Endpoints;
using PatientDocs.StateLanguage.Executions;
using PatientDocs.StateLanguage.Registration;
using PatientDocs.StateLanguage.Resources;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.StateLanguage.Hosting;

/// <summary>The whole module, as the host registers it: <c>builder.AddStateLanguage()</c> and <c>app.MapStateLanguage()</c>.</summary>
public static class StateLanguageHosting
{
    /// <summary>The module's migrations' name (<c>schema_version_state_language</c>).</summary>
    public const string SchemaName = "state_language";

    /// <summary>
    /// Registers the module after the host's store: its activities, resources, queue defaults, tables and API. On the
    /// in-memory store the tables do not exist and the API answers 503.
    /// </summary>
    public static WebApplicationBuilder AddStateLanguage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkflowActivities(registry => registry.RegisterAssembly(StateLanguageModule.Assembly));
        services.PostConfigure<TaskServicesOptions>(StateLanguageQueueDefaults.Apply);
        services.TryAddSingleton<TaskResources>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StateLanguageOptions>().Bind(builder.Configuration.GetSection(StateLanguageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StateLanguageOptions>, StateLanguageOptionsValidator>();
        services.AddSingleton<ExecutionReader>();

        if (services.Any(d => d.ServiceType == typeof(StoreOptions)))
        {
            services.AddModuleSchema(SchemaName, StateLanguageModule.Assembly);
            services.AddPooledDbContextFactory<StateLanguageDbContext>((sp, options) => PersistenceServiceCollectionExtensions.Configure(options, sp.GetRequiredService<StoreOptions>()));
            services.AddSingleton<StateLanguageStore>();
            services.AddSingleton<WorkflowRegistrar>();
            services.AddSingleton<IStartupTask, SampleRegistration>();
        }
        return builder;
    }

    /// <summary>The module's routes (<c>/workflows</c>, <c>/workflow-executions</c>); the host decides who may call them.</summary>
    public static IEndpointRouteBuilder MapStateLanguage(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<StateLanguageStore>() is null)
        {
            const string why = "The state-language module keeps its workflows in SQL tables: run the server on SQLite or PostgreSQL (PatientDocs:Store:Provider).";
            endpoints.MapMethods("/workflows", [HttpMethods.Get, HttpMethods.Post], () => StateLanguageProblems.Unavailable(why));
            endpoints.Map("/workflow-executions", () => StateLanguageProblems.Unavailable(why));
            endpoints.Map("/workflow-executions/{**rest}", () => StateLanguageProblems.Unavailable(why));
            return endpoints;
        }

        endpoints.MapWorkflowEndpoints();
        endpoints.MapExecutionEndpoints();
        return endpoints;
    }
}
