using System.Net;
using System.Net.Sockets;

namespace PatientDocs.Integration.Tests.Support;

public sealed class PostgresCleanupTests
{
    [Fact]
    public async Task DropDatabase_WhenItCannotBeDone_ReportsBothAttemptsAndDoesNotThrow()
    {
        // A port nobody listens on: every attempt fails at once, as a drop refused by the server would.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var reports = new List<string>();

        await PostgresCleanup.DropDatabaseAsync($"Host=127.0.0.1;Port={port};Username=nobody;Password=none;Timeout=5", "pd_gone", reports.Add);

        Assert.Equal(2, reports.Count);
        Assert.StartsWith("DROP DATABASE \"pd_gone\" WITH (FORCE) failed", reports[0], StringComparison.Ordinal);
        Assert.StartsWith("The test database \"pd_gone\" was left behind", reports[1], StringComparison.Ordinal);
    }
}
