using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.ContentPipeline.Activities;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.ContentPipeline;

/// <summary>
/// A server on one SQL store with the content-pipeline workflow imported, at TimeScale 1, whose LLM client calls the
/// simulator host; the llm queue's limits are the simulator's (a 2 s window, plus the engine's guard).
/// </summary>
public sealed class ContentPipelineServer(string provider, string? connectionString, WebApplication simulators) : ServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        settings["PatientDocs:TimeScale"] = "1";
        settings["PatientDocs:ImportModuleWorkflows"] = "true";
        settings["PatientDocs:Patients:SeedCount"] = "1";
        settings["PatientDocs:Services:Llm:BaseUrl"] = "http://localhost/sim/llm/";
        settings["PatientDocs:Services:Llm:Limits:Requests:Permits"] = $"{LlmSimulatorHost.Requests}";
        settings["PatientDocs:Services:Llm:Limits:Requests:Period"] = "00:00:02";
        settings["PatientDocs:Services:Llm:Limits:Tokens:Permits"] = $"{LlmSimulatorHost.Tokens}";
        settings["PatientDocs:Services:Llm:Limits:Tokens:Period"] = "00:00:02";
        settings["PatientDocs:Services:Llm:Retry:InitialDelay"] = "00:00:00.100";
        settings["PatientDocs:Services:Llm:Retry:MaxDelay"] = "00:00:00.500";
        settings["PatientDocs:Services:Llm:Retry:Deadline"] = "00:05:00";
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient(LlmClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => simulators.GetTestServer().CreateHandler()));
    }
}
