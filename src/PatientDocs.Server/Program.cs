using PatientDocs.Server.Api.Definitions;
using PatientDocs.Server.Health;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Server;

/// <summary>The PatientDocs server: a table of contents; each line's details live in its extension method.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPatientDocsServer();

        var app = builder.Build();
        app.UsePatientDocsServer();
        app.MapHealthEndpoints();

        var api = app.MapGroup("/elsa/api");
        api.MapWorkflowDefinitionEndpoints();

        await app.RunAsync();
    }
}
