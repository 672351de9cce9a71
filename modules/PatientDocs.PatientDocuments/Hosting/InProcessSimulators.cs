using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Clients.TaskTracker;
using PatientDocs.Simulators;

namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>
/// The embedded default: the simulators are mounted in this process under <c>/sim</c>, and a client whose BaseUrl is not
/// configured calls this server's own address. They are test doubles with control routes (outages, stats reset), so they
/// are mounted only when <see cref="IsMounted"/> says so: never in the Production environment.
/// </summary>
public static partial class InProcessSimulators
{
    public const string OptionKey = SimulatorHostingOptions.Section + ":InProcess";

    // The host's settings this wiring reads: its listen address (for calls to itself) and its API key (its own calls pass its access policy).
    private const string HostApiKey = "PatientDocs:ApiKey";
    private const string ApiKeyHeader = "X-Api-Key";
    private const string HostDefaultUrl = "http://127.0.0.1:5000";

    private static readonly string[] ServiceSections = [DocumentExchangeOptions.Section, TaskTrackerOptions.Section];

    public static WebApplicationBuilder AddInProcessSimulators(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!IsMounted(configuration, builder.Environment))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSimulators(configuration);
        var self = SelfUrl(configuration);
        if (!IsConfigured(configuration, DocumentExchangeOptions.Section))
        {
            services.PostConfigure<DocumentExchangeOptions>(o => o.BaseUrl = self + "sim/document-exchange/");
            services.AddHttpClient(DocumentExchangeClient.HttpClientName).ConfigureHttpClient(PresentKey);
        }

        if (!IsConfigured(configuration, TaskTrackerOptions.Section))
        {
            services.PostConfigure<TaskTrackerOptions>(o => o.BaseUrl = self + "sim/task-tracker/");
            services.AddHttpClient(TaskTrackerClient.HttpClientName).ConfigureHttpClient(PresentKey);
        }

        return builder;
    }

    /// <summary>Maps <c>/sim/…</c> when mounted (behind whatever access policy the caller's group carries); otherwise nothing answers there.</summary>
    public static IEndpointRouteBuilder MapInProcessSimulators(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        if (IsMounted(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()))
        {
            endpoints.MapSimulators();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InProcessSimulators));
            LogMounted(logger);
        }

        return endpoints;
    }

    /// <summary><see cref="OptionKey"/> when set; else mounted for Development or no environment set, with no service BaseUrl configured. Never in Production.</summary>
    public static bool IsMounted(IConfiguration configuration, IHostEnvironment environment)
    {
        if (IsProductionServer(configuration, environment))
        {
            return false;
        }

        if (configuration.GetValue<bool?>(OptionKey) is { } chosen)
        {
            return chosen;
        }

        var embedded = environment.IsDevelopment() || !IsEnvironmentSet(configuration);
        return embedded && ConfiguredServices(configuration).Count == 0;
    }

    /// <summary>The Production environment named explicitly; a host started with no environment at all is the embedded default.</summary>
    public static bool IsProductionServer(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsProduction() && IsEnvironmentSet(configuration);

    /// <summary>The sections (<c>PatientDocs:Services:…</c>) whose BaseUrl is configured, i.e. points away from this process.</summary>
    public static IReadOnlyList<string> ConfiguredServices(IConfiguration configuration) =>
        ServiceSections.Where(section => IsConfigured(configuration, section)).ToList();

    /// <summary>The first URL the server listens on, with a wildcard host replaced by loopback.</summary>
    public static string SelfUrl(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var first = string.IsNullOrWhiteSpace(urls) ? HostDefaultUrl : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        first = first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal);
        return first.EndsWith('/') ? first : first + "/";
    }

    private static bool IsEnvironmentSet(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[HostDefaults.EnvironmentKey]);

    private static bool IsConfigured(IConfiguration configuration, string section) => !string.IsNullOrEmpty(configuration[$"{section}:BaseUrl"]);

    // The mounted simulators sit behind the access policy, so this server's own calls to them present the key.
    private static void PresentKey(IServiceProvider services, HttpClient http)
    {
        var key = services.GetRequiredService<IConfiguration>()[HostApiKey];
        if (!string.IsNullOrWhiteSpace(key))
        {
            http.DefaultRequestHeaders.Add(ApiKeyHeader, key.Trim());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulators mounted in process under /sim (test doubles; set PatientDocs:Simulators:InProcess=false or point the services' BaseUrl elsewhere to drop them)")]
    private static partial void LogMounted(ILogger logger);
}
