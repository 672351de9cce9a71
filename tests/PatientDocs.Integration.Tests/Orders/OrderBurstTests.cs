using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Orders;

/// <summary>
/// Issue 14, must-show: 100 orders approved at once with the default stub rates (a third of the calls fail, a third hang)
/// on SQLite at TimeScale 1: every order completes within 15 s of its approval, charged exactly once; p50/p95/max printed.
/// </summary>
public sealed class OrderBurstTests(ITestOutputHelper output)
{
    private const int Orders = 100;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [MeasurementFact]
    public async Task HundredOrdersApprovedAtOnce_WithDefaultStubRates_AllComplete_Within15s_ChargedOnceEach()
    {
        var defaults = new StubOptions();
        await using var server = new OrdersServer("Sqlite");
        server.Overrides["Orders:Stubs:FailureRate"] = defaults.FailureRate.ToString(CultureInfo.InvariantCulture);
        server.Overrides["Orders:Stubs:HangRate"] = defaults.HangRate.ToString(CultureInfo.InvariantCulture);
        using var client = server.CreateClient();
        var ids = Enumerable.Range(0, Orders).Select(_ => OrderRequests.NewId()).ToList();
        foreach (var id in ids)
        {
            using var start = await client.StartAsync(OrderRequests.Order(id));
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        foreach (var id in ids)
        {
            await client.WaitForStateAsync(id, OrderStates.AwaitingApproval);
        }

        // All approvals go out together; each order's clock starts when its approve request is sent.
        var clock = Stopwatch.StartNew();
        var approvedAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var approvals = ids.Select(async id =>
        {
            var sent = clock.Elapsed;
            using var approve = await client.SignalAsync(id, "approve");
            return (id, sent, approve.StatusCode);
        });
        foreach (var (id, sent, status) in await Task.WhenAll(approvals))
        {
            Assert.Equal(HttpStatusCode.Accepted, status);
            approvedAt[id] = sent;
        }

        var (completedAt, finished) = await PollUntilCompletedAsync(client, ids, clock);

        var latencies = ids.Select(id => completedAt[id] - approvedAt[id]).Order().ToList();
        var stubs = server.Services.GetRequiredService<OrderStubs>();
        output.WriteLine(FormattableString.Invariant(
            $"{Orders} orders, FailureRate {defaults.FailureRate}, HangRate {defaults.HangRate}, SQLite, TimeScale 1: approval->completion p50 {Percentile(latencies, 0.50):0.00} s, p95 {Percentile(latencies, 0.95):0.00} s, max {latencies[^1].TotalSeconds:0.00} s; charges {stubs.Charges}, charge requests reaching the provider {stubs.ChargeCalls}, charge attempts {finished.Values.Sum(o => o["payment"]!["attempts"]!.GetValue<int>())}"));

        Assert.True(latencies[^1] < Limit, $"{latencies.Count(l => l >= Limit)} of {Orders} orders took {Limit.TotalSeconds:0} s or more from approval to completion (max {latencies[^1].TotalSeconds:0.00} s)");
        Assert.All(finished.Values, o => Assert.Single(o.EventTypes(), e => e == "payment-charged"));
        Assert.All(ids, id => Assert.Equal(("charged", $"pay_{id}"), (finished[id].At("payment", "status"), finished[id].At("payment", "paymentId"))));
        Assert.All(ids, id => Assert.True(stubs.WasCharged($"pay_{id}")));
        Assert.Equal(Orders, stubs.Charges);
    }

    // Each round reads every order still open; the first round that sees one completed stamps it.
    private static async Task<(Dictionary<string, TimeSpan> CompletedAt, Dictionary<string, JsonObject> Finished)> PollUntilCompletedAsync(
        HttpClient client, IReadOnlyList<string> ids, Stopwatch clock)
    {
        var completedAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var finished = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var open = ids.ToList();
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(240);
        while (open.Count > 0)
        {
            var seen = new List<(string id, JsonObject order)>();
            foreach (var id in open)
            {
                seen.Add((id, await client.GetOrderAsync(id)));
            }

            var now = clock.Elapsed;
            foreach (var (id, order) in seen.Where(s => s.order.State() is OrderStates.Completed or OrderStates.Failed or OrderStates.Cancelled))
            {
                Assert.True(order.State() == OrderStates.Completed, $"order {id} ended {order.State()}: {order["error"]}");
                completedAt[id] = now;
                finished[id] = order;
                open.Remove(id);
            }

            Assert.True(clock.Elapsed < deadline, $"{open.Count} orders still open 240 s after approval: {string.Join(", ", seen.Where(s => open.Contains(s.id)).Select(s => $"{s.id} {s.order.State()} shipping {s.order["shipping"]!.ToJsonString()} last {s.order.EventTypes()[^1]}"))}");
            await Task.Delay(20);
        }

        return (completedAt, finished);
    }

    private static double Percentile(List<TimeSpan> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].TotalSeconds;
}
