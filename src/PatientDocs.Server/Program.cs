using PatientDocs.ContentPipeline.Hosting;
using PatientDocs.Orders.Hosting;
using PatientDocs.PatientDocuments.Hosting;
using PatientDocs.Server.Api.Alterations;
using PatientDocs.Server.Api.Definitions;
using PatientDocs.Server.Api.Descriptors;
using PatientDocs.Server.Api.Events;
using PatientDocs.Server.Api.Instances;
using PatientDocs.Server.Api.Progress;
using PatientDocs.Server.Api.Viewer;
using PatientDocs.Server.Health;
using PatientDocs.Server.Hosting;
using PatientDocs.Server.Operations;
using PatientDocs.Server.Security;
using PatientDocs.Server.Studio;
using PatientDocs.Server.Telemetry;
using PatientDocs.Server.Triggers;
using PatientDocs.StateLanguage.Hosting;

namespace PatientDocs.Server;

/// <summary>The PatientDocs server: a table of contents; each line's details live in its extension method.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        NativeHeap.LimitArenas();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Find() });
        builder.AddPatientDocsServer();
        builder.AddPatientDocsTelemetry();
        builder.AddPatientDocuments();
        builder.AddOrders();
        builder.AddStateLanguage();
        builder.AddOperations();
        builder.AddContentPipeline();

        var app = builder.Build();
        if (MigrateCommand.IsRequested(args))
        {
            Environment.ExitCode = await MigrateCommand.RunAsync(app);
            return;
        }

        app.UsePatientDocsServer();
        app.MapHealthEndpoints();
        app.MapApiReference();
        app.MapPatientDocsMetrics();

        var api = app.MapGroup("/elsa/api").RequireServerAccess();
        api.MapWorkflowDefinitionEndpoints();
        api.MapWorkflowExecutionEndpoints();
        api.MapWorkflowInstanceEndpoints();
        api.MapEventEndpoints();
        api.MapDescriptorEndpoints();
        api.MapViewerEndpoints();
        api.MapAlterationEndpoints();

        app.MapHttpTriggerEndpoints();
        app.MapGroup("").RequireServerAccess().MapProgressEndpoints();
        app.MapGroup("").RequireServerAccess().MapPatientDocuments();
        app.MapGroup("").RequireServerAccess().MapOrders();
        app.MapGroup("").RequireServerAccess().MapStateLanguage();
        app.MapGroup("").RequireServerAccess().MapContentPipeline();
        app.MapStudio();
        app.MapOperations();
        await app.RunAsync();
    }
}
