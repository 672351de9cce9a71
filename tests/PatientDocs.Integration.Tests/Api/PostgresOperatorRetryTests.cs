using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

[RequiresPostgres]
public sealed class PostgresOperatorRetryTests(PostgresDatabase database) : OperatorRetryTests, IClassFixture<PostgresDatabase>
{
    protected override OperatorRetryServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
