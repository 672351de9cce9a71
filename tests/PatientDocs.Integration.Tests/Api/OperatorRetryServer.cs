using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.PatientDocuments.Clients.TaskTracker;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>
/// A server on one store whose TaskTracker is a <see cref="FlakyService"/>, with retry deadlines of a fraction of a second
/// (TimeScale 1) and no breaker, so a service that stays down becomes an incident within the test.
/// </summary>
public sealed class OperatorRetryServer(string provider, string? connectionString = null) : ServerFactory
{
    public FlakyService TaskTracker { get; } = new();

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        settings["PatientDocs:TimeScale"] = "1";
        settings["PatientDocs:Services:Conversion:SecondsPerFile"] = "0";
        foreach (var service in new[] { "TaskTracker", "Conversion" })
        {
            settings[$"PatientDocs:Services:{service}:Retry:InitialDelay"] = "00:00:00.050";
            settings[$"PatientDocs:Services:{service}:Retry:MaxDelay"] = "00:00:00.050";
            settings[$"PatientDocs:Services:{service}:Retry:Multiplier"] = "1";
            settings[$"PatientDocs:Services:{service}:Retry:Jitter"] = "0";
            settings[$"PatientDocs:Services:{service}:Retry:Deadline"] = "00:00:00.300";
            settings[$"PatientDocs:Services:{service}:Breaker:FailureThreshold"] = "0";
        }

        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient(TaskTrackerClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => TaskTracker));
    }
}
