using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

/// <summary>Telemetry settings are validated at start: a bad one stops the server with a message naming it.</summary>
public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("PatientDocs:Telemetry:OtlpEndpoint", "collector:4317", "PatientDocs:Telemetry:OtlpEndpoint")]
    [InlineData("PatientDocs:Telemetry:OtlpEndpoint", "ftp://collector", "PatientDocs:Telemetry:OtlpEndpoint")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a uri", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("PatientDocs:Telemetry:StoreReadInterval", "00:00:00", "PatientDocs:Telemetry:StoreReadInterval")]
    public void Start_WithAnInvalidTelemetrySetting_FailsNamingIt(string key, string value, string named)
    {
        var validation = FailedStart.Of(() =>
        {
            var invalid = new ServerFactory { Overrides = { [key] = value } };
            return (invalid, invalid);
        });

        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }
}
