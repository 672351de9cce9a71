using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace PatientDocs.Server.Telemetry;

/// <summary>Runs at start (ValidateOnStart): an endpoint that is not an absolute http(s) URI stops the server, naming its key.</summary>
public sealed class TelemetryOptionsValidator(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (options.OtlpEndpoint is { } endpoint && !IsHttpUri(endpoint))
        {
            failures.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https URI, such as http://collector:4317 (was '{endpoint}').");
        }

        if (configuration[TelemetryOptions.OtlpEndpointVariable] is { Length: > 0 } variable && !IsHttpUri(variable))
        {
            failures.Add($"{TelemetryOptions.OtlpEndpointVariable} must be an absolute http or https URI, such as http://collector:4317 (was '{variable}').");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            failures.Add($"{TelemetryOptions.SectionName}:OtlpProtocol must be {nameof(OtlpExportProtocol.Grpc)} or {nameof(OtlpExportProtocol.HttpProtobuf)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An absolute http or https URI.</summary>
    public static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
