using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

[RequiresPostgres]
public sealed class PostgresApiExecutionTests(PostgresDatabase database) : ApiExecutionTests, IClassFixture<PostgresDatabase>
{
    protected override StateLanguageServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
