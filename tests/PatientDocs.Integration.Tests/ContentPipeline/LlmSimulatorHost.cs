using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using PatientDocs.Simulators;

namespace PatientDocs.Integration.Tests.ContentPipeline;

/// <summary>
/// The simulators on a TestServer of their own, at TimeScale 1 with short windows: the LLM allows <see cref="Requests"/>
/// requests and <see cref="Tokens"/> tokens per <see cref="PeriodSeconds"/> s, and answers after 50 ms plus 0.05 ms per token.
/// </summary>
public static class LlmSimulatorHost
{
    public const int Requests = 20;
    public const long Tokens = 9000;
    public const double PeriodSeconds = 2;

    public static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulators:TimeScale"] = "1",
            ["Simulators:Llm:Requests:Permits"] = Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulators:Llm:Requests:PeriodSeconds"] = "2",
            ["Simulators:Llm:Tokens:Tokens"] = Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulators:Llm:Tokens:PeriodSeconds"] = "2",
            ["Simulators:Llm:Latency:BaseMilliseconds"] = "50",
            ["Simulators:Llm:Latency:JitterMilliseconds"] = "20",
            ["Simulators:Llm:MillisecondsPerCompletionToken"] = "0.05",
        });
        builder.Services.AddSimulators(builder.Configuration);
        var app = builder.Build();
        app.MapSimulators();
        await app.StartAsync();
        return app;
    }
}
