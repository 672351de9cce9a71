using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

public sealed class InMemoryMetricsEndpointTests : MetricsEndpointTests
{
    protected override string Store => "memory";

    protected override ServerFactory CreateServer() => new();
}
