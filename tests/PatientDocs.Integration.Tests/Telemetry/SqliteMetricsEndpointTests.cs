using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

public sealed class SqliteMetricsEndpointTests : MetricsEndpointTests
{
    protected override string Store => "sqlite";

    protected override ServerFactory CreateServer() => new() { UseSqlite = true };
}
