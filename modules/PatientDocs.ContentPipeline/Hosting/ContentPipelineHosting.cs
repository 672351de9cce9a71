using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.ContentPipeline.Activities;
using PatientDocs.ContentPipeline.Endpoints;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;

namespace PatientDocs.ContentPipeline.Hosting;

/// <summary>The whole module, as the host registers it: <c>builder.AddContentPipeline()</c> and <c>app.MapContentPipeline()</c>.</summary>
public static class ContentPipelineHosting
{
    private const string HostDefaultUrl = "http://127.0.0.1:5000";
    private const string HostApiKey = "PatientDocs:ApiKey";

    /// <summary>Registers the LLM activity and client, the <c>llm</c> queue's defaults, the options and the workflow.</summary>
    public static WebApplicationBuilder AddContentPipeline(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddWorkflowActivities(registry => registry.RegisterAssembly(ContentPipelineModule.Assembly));
        services.AddModuleWorkflows("content-pipeline", ContentPipelineModule.Assembly);
        services.PostConfigure<TaskServicesOptions>(LlmQueueDefaults.Apply);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ContentPipelineOptions>()
            .Bind(configuration.GetSection(ContentPipelineOptions.Section))
            // Unset, the LLM is the simulator mounted in this process (as the other services' clients default to).
            .PostConfigure<IConfiguration>((o, config) => o.BaseUrl ??= SelfUrl(config) + "sim/llm/")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentPipelineOptions>, ContentPipelineOptionsValidator>();
        services.AddSingleton<LlmClient>();
        services.AddHttpClient(LlmClient.HttpClientName).ConfigureHttpClient((sp, http) =>
        {
            // Calls to this server's own /sim pass its access policy.
            if (sp.GetRequiredService<IConfiguration>()[HostApiKey] is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key.Trim());
            }

            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        return builder;
    }

    /// <summary>The module's start route <c>POST /api/content-pipelines</c>; the host decides who may call it.</summary>
    public static IEndpointRouteBuilder MapContentPipeline(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapContentPipelineEndpoints();

    private static string SelfUrl(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var first = string.IsNullOrWhiteSpace(urls) ? HostDefaultUrl : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://localhost" })
        {
            first = first.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }

        return first.EndsWith('/') ? first : first + "/";
    }
}
