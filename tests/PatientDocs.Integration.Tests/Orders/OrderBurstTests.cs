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
    private const int WarmUpOrders = 10;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    [MeasurementFact]
    public async Task HundredOrdersApprovedAtOnce_WithDefaultStubRates_AllComplete_Within15s_ChargedOnceEach()
    {
        var defaults = new StubOptions();
        await using var server = new OrdersServer("Sqlite");
        server.Overrides["Orders:Stubs:FailureRate"] = defaults.FailureRate.ToString(CultureInfo.InvariantCulture);
        server.Overrides["Orders:Stubs:HangRate"] = defaults.HangRate.ToString(CultureInfo.InvariantCulture);
        using var client = server.CreateClient();

        // A server that has run before: the first orders pay for JIT compilation, which a running server has done already.
        var warmUp = await StartAndAwaitReviewAsync(client, WarmUpOrders);
        await ApproveAllAsync(client, warmUp);
        await PollUntilFinishedAsync(client, warmUp.Keys.ToList());

        var ids = await StartAndAwaitReviewAsync(client, Orders);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var approvedAt = await ApproveAllAsync(client, ids);
        var finished = await PollUntilFinishedAsync(client, ids.Keys.ToList());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        // Completion is the server's own timestamp of order-completed, so the polling rate does not add to it.
        var latencies = ids.Keys.ToDictionary(id => id, id => finished[id].EventAt("order-completed") - approvedAt[id], StringComparer.Ordinal);
        var sorted = latencies.Values.Order().ToList();
        var stubs = server.Services.GetRequiredService<OrderStubs>();
        output.WriteLine(FormattableString.Invariant(
            $"{Orders} orders (after {WarmUpOrders} warm-up orders), FailureRate {defaults.FailureRate}, HangRate {defaults.HangRate}, SQLite, TimeScale 1: approval->completion p50 {Percentile(sorted, 0.50):0.00} s, p95 {Percentile(sorted, 0.95):0.00} s, max {sorted[^1].TotalSeconds:0.00} s; process CPU {cpu.TotalSeconds:0.0} s; charges {stubs.Charges}, charge requests reaching the provider {stubs.ChargeCalls}, charge attempts {finished.Values.Sum(o => o["payment"]!["attempts"]!.GetValue<int>())}"));
        foreach (var id in new[] { latencies.MinBy(l => l.Value).Key, latencies.MaxBy(l => l.Value).Key })
        {
            output.WriteLine($"{id}: {Timeline(finished[id], approvedAt[id])}");
        }

        Assert.All(finished.Values, o => Assert.Equal(OrderStates.Completed, o.State()));
        Assert.True(sorted[^1] < Limit, $"{sorted.Count(l => l >= Limit)} of {Orders} orders took {Limit.TotalSeconds:0} s or more from approval to completion (max {sorted[^1].TotalSeconds:0.00} s)");
        Assert.All(finished.Values, o => Assert.Single(o.EventTypes(), e => e == "payment-charged"));
        Assert.All(ids.Keys, id => Assert.Equal(("charged", $"pay_{id}"), (finished[id].At("payment", "status"), finished[id].At("payment", "paymentId"))));
        Assert.All(ids.Keys, id => Assert.True(stubs.WasCharged($"pay_{id}")));
        Assert.Equal(Orders + WarmUpOrders, stubs.Charges);
    }

    private static async Task<Dictionary<string, string>> StartAndAwaitReviewAsync(HttpClient client, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => OrderRequests.NewId()).ToDictionary(id => id, id => id, StringComparer.Ordinal);
        foreach (var id in ids.Keys)
        {
            using var start = await client.StartAsync(OrderRequests.Order(id));
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        foreach (var id in ids.Keys)
        {
            await client.WaitForStateAsync(id, OrderStates.AwaitingApproval);
        }

        return ids;
    }

    // All approvals go out together; each order's clock starts when its approve request is sent.
    private static async Task<Dictionary<string, DateTimeOffset>> ApproveAllAsync(HttpClient client, Dictionary<string, string> ids)
    {
        var approvals = ids.Keys.Select(async id =>
        {
            var sent = DateTimeOffset.UtcNow;
            using var approve = await client.SignalAsync(id, "approve");
            return (id, sent, approve.StatusCode);
        });
        var approvedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (id, sent, status) in await Task.WhenAll(approvals))
        {
            Assert.Equal(HttpStatusCode.Accepted, status);
            approvedAt[id] = sent;
        }

        return approvedAt;
    }

    // Reads every open order a few times a second: often enough to end promptly, rarely enough not to load the server it measures.
    private static async Task<Dictionary<string, JsonObject>> PollUntilFinishedAsync(HttpClient client, List<string> open)
    {
        var finished = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (open.Count > 0)
        {
            foreach (var id in open.ToList())
            {
                var order = await client.GetOrderAsync(id);
                if (order.State() is OrderStates.Completed or OrderStates.Failed or OrderStates.Cancelled)
                {
                    finished[id] = order;
                    open.Remove(id);
                }
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(240), $"{open.Count} orders still open after 240 s: {string.Join(", ", open.Take(10))}");
            await Task.Delay(PollInterval);
        }

        return finished;
    }

    // Each event's offset from the order's approve request: where an order's time went.
    private static string Timeline(JsonObject order, DateTimeOffset approved) =>
        string.Join(", ", order["events"]!.AsArray()
            .Select(e => (Type: e!["type"]!.GetValue<string>(), At: DateTimeOffset.Parse(e["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)))
            .SkipWhile(e => e.Type != "order-approved")
            .Select(e => FormattableString.Invariant($"{e.Type} +{(e.At - approved).TotalSeconds:0.00}")));

    private static double Percentile(List<TimeSpan> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].TotalSeconds;
}
