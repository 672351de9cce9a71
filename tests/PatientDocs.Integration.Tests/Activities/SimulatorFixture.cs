using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using PatientDocs.Simulators;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>The simulators mounted in-process on a TestServer at TimeScale 100, with fixed document counts for a few patients.</summary>
public static class SimulatorFixture
{
    public static async Task<WebApplication> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var settings = new Dictionary<string, string?>
        {
            ["Simulators:TimeScale"] = "100",
            ["Simulators:DocumentExchange:JobSeconds"] = "5",
            ["Simulators:DocumentExchange:Overrides:P000007"] = "12",
            ["Simulators:DocumentExchange:Overrides:P000008"] = "0",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSimulators(builder.Configuration);
        var app = builder.Build();
        app.MapSimulators();
        await app.StartAsync();
        return app;
    }

    public static Dictionary<string, string?> ClientSettings() => new()
    {
        ["PatientDocs:Services:DocumentExchange:BaseUrl"] = "http://localhost/sim/document-exchange/",
        ["PatientDocs:Services:TaskTracker:BaseUrl"] = "http://localhost/sim/task-tracker/",
    };
}
