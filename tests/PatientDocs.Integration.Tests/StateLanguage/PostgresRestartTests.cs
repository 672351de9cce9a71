using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

[RequiresPostgres]
public sealed class PostgresRestartTests(PostgresDatabase database) : RestartTests, IClassFixture<PostgresDatabase>
{
    protected override IEnumerable<string> StoreArguments(string folder) =>
        ["--PatientDocs:Store:Provider=PostgreSql", $"--PatientDocs:Store:ConnectionString={database.ConnectionString}"];
}
