using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

[RequiresPostgres]
public sealed class PostgresApiSampleTests(PostgresDatabase database) : ApiSampleTests, IClassFixture<PostgresDatabase>
{
    protected override StateLanguageServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
