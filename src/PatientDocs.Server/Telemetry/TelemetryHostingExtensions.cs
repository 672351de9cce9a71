using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PatientDocs.Engine.Telemetry;
using PatientDocs.Server.Security;

namespace PatientDocs.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server: metrics of ASP.NET Core, HttpClient, Npgsql, the runtime and the engine's meter, scraped at
/// <see cref="MetricsPath"/>; traces of ASP.NET Core, HttpClient, Npgsql and the engine's spans when tracing is on; both
/// exported over OTLP when an endpoint is configured. docs/telemetry.md lists every instrument.
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string MetricsPath = "/metrics";
    public const string DefaultServiceName = "patientdocs-server";

    /// <summary>The engine's meter and ASP.NET Core's, which come from the host's <c>IMeterFactory</c>.</summary>
    private static readonly string[] LocalMeters =
    [
        EngineDiagnostics.Name,
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    public static WebApplicationBuilder AddPatientDocsTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddOptions<EngineTelemetryOptions>().Bind(section);

        // Read now to decide what to register; an invalid endpoint is registered as none and the validator stops the start.
        var options = new TelemetryOptions();
        section.Bind(options);
        var endpoint = options.OtlpEndpoint is { } configured && TelemetryOptionsValidator.IsHttpUri(configured) ? new Uri(configured) : null;
        var otlp = endpoint is not null || TelemetryOptionsValidator.IsHttpUri(builder.Configuration[TelemetryOptions.OtlpEndpointVariable] ?? "");
        var tracing = options.Tracing ?? otlp;

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(
            builder.Configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
            serviceVersion: typeof(TelemetryHostingExtensions).Assembly.GetName().Version?.ToString(),
            serviceInstanceId: builder.Configuration["PatientDocs:NodeId"]));

        // Local: this host's meters only (from its IMeterFactory), not those of another host in the same process.
        foreach (var meter in LocalMeters)
        {
            builder.Metrics.EnableMetrics(meter, scopes: MeterScope.Local);
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter(o => Target(o, endpoint, options.OtlpProtocol, "v1/metrics"));
            }
        });
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(EngineDiagnostics.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddProcessor(new UnparentedQueryFilter());
                if (otlp)
                {
                    traces.AddOtlpExporter(o => Target(o, endpoint, options.OtlpProtocol, "v1/traces"));
                }
            });
        }

        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, behind the server's access policy (a scraper sends the API key as a header).</summary>
    public static IEndpointConventionBuilder MapPatientDocsMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireServerAccess();

    // Without our endpoint the exporter reads OTEL_EXPORTER_OTLP_* itself; HTTP/protobuf wants the signal's path spelled out.
    private static void Target(OtlpExporterOptions exporter, Uri? endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        if (endpoint is null)
        {
            return;
        }

        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
