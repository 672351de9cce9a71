using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Durability;

[RequiresPostgres]
public sealed class PostgresHttpFlowRestartTests(PostgresDatabase database) : HttpFlowRestartTests, IClassFixture<PostgresDatabase>
{
    protected override IEnumerable<string> StoreArguments(string folder) =>
        ["--PatientDocs:Store:Provider=PostgreSql", $"--PatientDocs:Store:ConnectionString={database.ConnectionString}"];
}
