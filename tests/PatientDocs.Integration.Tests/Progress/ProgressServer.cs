using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>A server on one store with <see cref="RetryOnceTask"/> in its toolbox; optionally on a clock the test drives.</summary>
public sealed class ProgressServer(string provider, string? connectionString = null, TimeProvider? clock = null) : ServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddWorkflowActivities(r => r.Register<RetryOnceTask>());
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }
}
