using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

[RequiresPostgres]
public sealed class PostgresApiDefinitionTests(PostgresDatabase database) : ApiDefinitionTests, IClassFixture<PostgresDatabase>
{
    protected override StateLanguageServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
