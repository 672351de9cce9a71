using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Triggers;
using PatientDocs.Server.Definitions;
using PatientDocs.Server.Importing;
using PatientDocs.Server.Security;
using PatientDocs.Server.Triggers;

namespace PatientDocs.Server.Hosting;

/// <summary>What <c>Program</c> calls: the server's services and its middleware, in order.</summary>
public static class ServerHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static WebApplicationBuilder AddPatientDocsServer(this WebApplicationBuilder builder)
    {
        // Loopback by default; --urls, ASPNETCORE_URLS or Kestrel endpoints in configuration override it.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddApiReference();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddServerAccess();

        // Order matters for hosted services: the store's migration, then StartupInitializer, then the runtime's workers.
        services.AddPatientDocsStore(builder.Configuration);
        services.AddSingleton<DefinitionValidator>();
        services.AddSingleton<HttpTriggerFinder>();
        services.AddSingleton<HttpTriggerRoutes>();
        services.AddOptions<HttpTriggerOptions>().Bind(builder.Configuration.GetSection(HttpTriggerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpTriggerOptions>, HttpTriggerOptionsValidator>();
        services.AddSingleton<WorkflowDefinitionManager>();
        services.AddSingleton<WorkflowImporter>();
        services.AddHostedService<StartupInitializer>();
        services.AddWorkflowEngine();
        services.AddOptions<RuntimeOptions>().Bind(builder.Configuration.GetSection(RuntimeOptions.SectionName));
        services.AddOptions<ProgressOptions>().Bind(builder.Configuration.GetSection(ProgressOptions.SectionName));
        services.Configure<TaskServicesOptions>(o => builder.Configuration.GetSection(TaskServicesOptions.SectionName).Bind(o.Services));
        services.AddWorkflowRuntime();
        return builder;
    }

    public static WebApplication UsePatientDocsServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The data folder as an absolute path (relative settings resolve against the current directory).</summary>
    public static string DataFolderPath(this ServerOptions options) => Path.GetFullPath(options.DataFolder, Directory.GetCurrentDirectory());
}
