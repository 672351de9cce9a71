using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Progress;

[RequiresPostgres]
public sealed class PostgresProgressStreamTests(PostgresDatabase database) : ProgressStreamTests, IClassFixture<PostgresDatabase>
{
    protected override ProgressServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
