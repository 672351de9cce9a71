using OpenTelemetry.Exporter;

namespace PatientDocs.Server.Telemetry;

/// <summary>
/// Section <c>PatientDocs:Telemetry</c>: where traces and metrics go besides <c>/metrics</c>. The standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other <c>OTEL_*</c> variables) work too; <see cref="OtlpEndpoint"/> wins.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "PatientDocs:Telemetry";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>An OpenTelemetry collector (absolute http or https URI): traces and metrics are exported to it. None by default.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How <see cref="OtlpEndpoint"/> is spoken: gRPC (port 4317 by convention) or HTTP/protobuf (4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Record spans; null (the default) records them exactly when an OTLP endpoint is configured, so that nothing is traced for nobody.</summary>
    public bool? Tracing { get; set; }
}
