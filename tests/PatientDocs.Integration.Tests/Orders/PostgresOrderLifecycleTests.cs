using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Orders;

[RequiresPostgres]
public sealed class PostgresOrderLifecycleTests(PostgresDatabase database) : OrderLifecycleTests, IClassFixture<PostgresDatabase>
{
    protected override OrdersServer CreateServer() => new("PostgreSql", database.ConnectionString);
}
