using PatientDocs.Activities.Clients.DocumentExchange;
using PatientDocs.Activities.Clients.TaskTracker;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// The embedded default: the simulators are mounted in this process, so the clients call this server's own address unless
/// a BaseUrl is configured (a separately run simulator or the real services).
/// </summary>
public static class InProcessSimulators
{
    public static IServiceCollection AddInProcessSimulatorClients(this IServiceCollection services, IConfiguration configuration)
    {
        var self = SelfUrl(configuration);
        if (string.IsNullOrEmpty(configuration[$"{DocumentExchangeOptions.Section}:BaseUrl"]))
        {
            services.PostConfigure<DocumentExchangeOptions>(o => o.BaseUrl = self + "sim/document-exchange/");
        }

        if (string.IsNullOrEmpty(configuration[$"{TaskTrackerOptions.Section}:BaseUrl"]))
        {
            services.PostConfigure<TaskTrackerOptions>(o => o.BaseUrl = self + "sim/task-tracker/");
        }

        return services;
    }

    /// <summary>The first URL the server listens on, with a wildcard host replaced by loopback.</summary>
    public static string SelfUrl(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var first = string.IsNullOrWhiteSpace(urls) ? ServerHostingExtensions.DefaultUrl : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        first = first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal);
        return first.EndsWith('/') ? first : first + "/";
    }
}
