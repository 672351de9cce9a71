using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

[RequiresPostgres]
public sealed class PostgresMetricsEndpointTests(PostgresDatabase database) : MetricsEndpointTests, IClassFixture<PostgresDatabase>
{
    protected override string Store => "postgres";

    protected override ServerFactory CreateServer() => new()
    {
        Overrides =
        {
            ["PatientDocs:Store:Provider"] = "PostgreSql",
            ["PatientDocs:Store:ConnectionString"] = database.ConnectionString,
        },
    };
}
