using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PatientDocs.Orders.Storage;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Orders;

/// <summary>
/// Issue 14, must-show: the server as a child process on SQLite with a few orders approved (default stub rates) is SIGKILLed
/// once some are charged and some are not finished, then started again on the same database: every order completes, none is
/// lost, and each has one payments row and one payment-charged event.
/// </summary>
public sealed class OrderCrashRecoveryTests : IDisposable
{
    private const int Orders = 6;

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pd-orders-crash-{Guid.NewGuid():N}");

    public OrderCrashRecoveryTests() => Directory.CreateDirectory(_dataFolder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still be letting go of its files; the temp folder is cleaned later anyway.
        }
    }

    [Fact]
    public async Task Sigkill_WithOrdersInFlight_AfterRestartEveryOrderCompletes_ChargedOnceEach()
    {
        var arguments = ServerArguments().ToList();
        var ids = Enumerable.Range(0, Orders).Select(_ => OrderRequests.NewId()).ToList();
        await using (var first = await AppProcess.StartAsync("PatientDocs.Server", "/health", arguments))
        {
            foreach (var id in ids)
            {
                using var start = await first.Client.StartAsync(OrderRequests.Order(id));
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            foreach (var id in ids)
            {
                await first.Client.WaitForStateAsync(id, OrderStates.AwaitingApproval);
                using var approve = await first.Client.SignalAsync(id, "approve");
                Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
            }

            // The crash lands on an observed state: one order charged, while at least one is still short of completion.
            await first.Client.WaitForOrderAsync(ids[0], o => o.EventTypes().Contains("payment-charged"));
            await first.KillAsync();
        }

        // Mid-flight: as the killed process left the table, some orders were not completed.
        var statesAtCrash = await QueryAsync("SELECT state FROM orders", r => r.GetString(0));
        Assert.Equal(Orders, statesAtCrash.Count);
        Assert.Contains(statesAtCrash, s => s != OrderStates.Completed);

        await using var second = await AppProcess.StartAsync("PatientDocs.Server", "/health", arguments);
        var finished = new List<JsonObject>();
        foreach (var id in ids)
        {
            finished.Add(await second.Client.WaitForStateAsync(id, OrderStates.Completed));
        }

        Assert.All(finished, o => Assert.Single(o.EventTypes(), e => e == "payment-charged"));
        Assert.All(finished, o => Assert.Equal(("charged", $"pay_{o["orderId"]}"), (o.At("payment", "status"), o.At("payment", "paymentId"))));
        Assert.Equal(ids.Order(StringComparer.Ordinal).Select(id => (id, $"pay_{id}", "charged")), await QueryAsync("SELECT order_id, payment_id, status FROM payments ORDER BY order_id", r => (r.GetString(0), r.GetString(1), r.GetString(2))));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> row)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataFolder, "patientdocs.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private IEnumerable<string> ServerArguments() =>
    [
        $"--PatientDocs:DataFolder={_dataFolder}",
        "--PatientDocs:Store:Provider=Sqlite",
        $"--PatientDocs:Store:ConnectionString=Data Source={Path.Combine(_dataFolder, "patientdocs.db")}",
        "--PatientDocs:TimeScale=1",
        "--PatientDocs:ImportModuleWorkflows=true",
        "--PatientDocs:Patients:SeedCount=1",
        "--Orders:ReviewTimeout=01:00:00",
        // A short lease so the restarted node takes over the dead one's instances and tasks within seconds.
        "--PatientDocs:LeaseDuration=00:00:05",
        "--PatientDocs:HeartbeatInterval=00:00:01",
    ];
}
