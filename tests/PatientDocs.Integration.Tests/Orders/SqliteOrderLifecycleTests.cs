namespace PatientDocs.Integration.Tests.Orders;

public sealed class SqliteOrderLifecycleTests : OrderLifecycleTests
{
    protected override OrdersServer CreateServer() => new("Sqlite");
}
