using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

[RequiresPostgres]
public sealed class PostgresDefinitionActivityApiTests(PostgresDatabase database) : DefinitionActivityApiTests, IClassFixture<PostgresDatabase>
{
    protected override StoreServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
