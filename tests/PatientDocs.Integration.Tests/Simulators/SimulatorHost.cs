using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Simulators;

namespace PatientDocs.Integration.Tests.Simulators;

/// <summary>
/// The simulators hosted in-process (TestServer, or Kestrel on a dynamic 127.0.0.1 port) on a manual clock, with latency
/// off unless the settings turn it on (<c>Simulators:LatencyMultiplier</c>): a stopped clock would hold every answer.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, TimerWatchingTimeProvider clock, HttpClient client)
    {
        _app = app;
        Clock = clock;
        Client = client;
    }

    public TimerWatchingTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SimulatorHost> StartAsync(IDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var clock = new TimerWatchingTimeProvider();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Simulators:LatencyMultiplier"] = "0" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        if (kestrel)
        {
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Services.AddRouting();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSimulators(builder.Configuration);
        var app = builder.Build();
        app.MapSimulators();
        await app.StartAsync();
        HttpClient client;
        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        else
        {
            client = app.GetTestClient();
        }

        return new SimulatorHost(app, clock, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
