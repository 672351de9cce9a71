using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace PatientDocs.Simulators;

/// <summary>Runs DocumentExchange and TaskTracker on their own, by default on http://127.0.0.1:5100.</summary>
public static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:5100";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSimulators(builder.Configuration);
        var app = builder.Build();
        app.MapSimulators();
        await app.RunAsync();
    }
}
