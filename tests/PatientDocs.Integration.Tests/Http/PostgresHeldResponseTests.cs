using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

[RequiresPostgres]
public sealed class PostgresHeldResponseTests(PostgresDatabase database) : HeldResponseTests, IClassFixture<PostgresDatabase>
{
    protected override (string Provider, string ConnectionString) Store() => ("PostgreSql", database.ConnectionString);
}
