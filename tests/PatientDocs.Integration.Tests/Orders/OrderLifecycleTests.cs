using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;
using PatientDocs.Persistence;

namespace PatientDocs.Integration.Tests.Orders;

/// <summary>Every path of the order API's contract, end to end through both workflows; one subclass per SQL store.</summary>
public abstract partial class OrderLifecycleTests : ServerTest<OrdersServer>
{
    private static readonly string[] HappyPath =
    [
        "order-received", "order-validated", "review-requested", "order-approved", "payment-charged",
        "shipping-started", "package-prepared", "carrier-dispatched", "order-completed",
    ];

    private OrderStubs Stubs => Server.Services.GetRequiredService<OrderStubs>();

    [StoreFact]
    public async Task Approve_RunsEveryStepInOrder_ChargesOnce_AndShipsAsAChildOfTheOrder()
    {
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        var started = (await start.Content.ReadFromJsonAsync<JsonObject>())!;
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var approve = await Client.SignalAsync(id, "approve");
        var done = await Client.WaitForStateAsync(id, "completed");
        var child = (await Client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{done.At("shipping", "instanceId")}"))!;

        Assert.Equal((HttpStatusCode.Accepted, id), (start.StatusCode, started["orderId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal(HappyPath, done.EventTypes());
        Assert.True(done["approved"]!.GetValue<bool>());
        Assert.Equal(("charged", $"pay_{id}", 39.98m, 1), (done.At("payment", "status"), done.At("payment", "paymentId"), done["payment"]!["amount"]!.GetValue<decimal>(), done["payment"]!["attempts"]!.GetValue<int>()));
        Assert.Equal(("dispatched", $"TRK-{id}"), (done.At("shipping", "state"), done.At("shipping", "trackingId")));
        Assert.Null(done["error"]);
        Assert.Equal(("order-shipping", started["instanceId"]!.GetValue<string>()), (child.Str("definitionId"), child.Str("parentWorkflowInstanceId")));
        Assert.True(Stubs.WasCharged($"pay_{id}"));

        // The child runs on its own task queue: every task of the shipping instance was queued there.
        var childTasks = await Server.Services.GetRequiredService<IWorkflowStore>().ListTasksAsync(child.Str("id"));
        Assert.NotEmpty(childTasks);
        Assert.All(childTasks, t => Assert.Equal("order-shipping", t.Queue));
    }

    [StoreFact]
    public async Task Start_TheSameOrderAgain_Answers200WithTheSameInstance_AndADifferentBody409()
    {
        var id = OrderRequests.NewId();
        using var first = await Client.StartAsync(OrderRequests.Order(id));
        var again = OrderRequests.Order(id);
        again["items"]![0]!["quantity"] = 2.0;
        using var second = await Client.StartAsync(again);
        using var changed = await Client.StartAsync(OrderRequests.Order(id, line1: "2 Elm St"));

        var firstBody = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var secondBody = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, second.StatusCode, changed.StatusCode));
        Assert.Equal(firstBody.Str("instanceId"), secondBody.Str("instanceId"));
        var store = Server.Services.GetRequiredService<IWorkflowStore>();
        Assert.Equal(1, await store.CountInstancesAsync(new InstanceQuery { CorrelationId = id, DefinitionIds = ["order-lifecycle"] }));
    }

    [StoreFact]
    public async Task Start_WithBadFields_Answers400KeyedByJsonPath()
    {
        var order = OrderRequests.Order("bad id!");
        order["items"]![0]!["quantity"] = 0;
        order["address"]!["city"] = "  ";
        order.Remove("customerId");

        using var response = await Client.StartAsync(order);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["address.city", "customerId", "items[0].quantity", "orderId"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [StoreFact]
    public async Task Cancel_BeforeApproval_EndsCancelled_AndChargesNothing()
    {
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var cancel = await Client.SignalAsync(id, "cancel");
        var done = await Client.WaitForStateAsync(id, "cancelled");
        using var approveAfter = await Client.SignalAsync(id, "approve");
        using var cancelAfter = await Client.SignalAsync(id, "cancel");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(("none", (string?)null, 0), (done.At("payment", "status"), (string?)done["payment"]!["paymentId"], done["payment"]!["attempts"]!.GetValue<int>()));
        Assert.Equal(["order-received", "order-validated", "review-requested", "order-cancelled"], done.EventTypes());
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (approveAfter.StatusCode, cancelAfter.StatusCode));
        Assert.False(Stubs.WasCharged($"pay_{id}"));
    }

    [StoreFact]
    public async Task Cancel_AfterPaymentWhileShipping_StopsShipping_RefundsOnce_AndEndsCancelled()
    {
        var id = OrderRequests.NewId();
        var parcels = new TaskCompletionSource();
        Stubs.BeforeCall = (call, token) => call == "package_prepared" ? parcels.Task.WaitAsync(token) : Task.CompletedTask;
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var approve = await Client.SignalAsync(id, "approve");
        await Client.WaitForStateAsync(id, "shipping");
        using var cancel = await Client.SignalAsync(id, "cancel");
        using var address = await Client.PutAsJsonAsync($"/api/orders/{id}/address", OrderRequests.Address("9 Late St"));
        parcels.SetResult();
        var done = await Client.WaitForStateAsync(id, "cancelled");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Conflict), (cancel.StatusCode, address.StatusCode));
        Assert.Equal(("refunded", "cancelled"), (done.At("payment", "status"), done.At("shipping", "state")));
        Assert.Null(done["shipping"]!["trackingId"]);
        Assert.Single(done.EventTypes(), e => e == "payment-charged");
        Assert.Single(done.EventTypes(), e => e == "payment-refunded");
        Assert.DoesNotContain("carrier-dispatched", done.EventTypes());
        Assert.Equal(1, Stubs.Refunds[$"pay_{id}"]);
    }

    [StoreFact]
    public async Task Validation_OfARowWrittenWhileItRuns_NeverHandsItBackStillReceived()
    {
        // The start request writes the order's row right after creating the instance, so a validation can run while the row
        // appears. Here the row is written just before the validation's first read of the orders table: a validation that
        // updated no row and then read it back would see it still received, and the review would end the order failed.
        var id = OrderRequests.NewId();
        var real = Server.Services.GetRequiredService<OrderStore>();
        var row = new OrderRow
        {
            OrderId = id,
            InstanceId = "i-" + id,
            CustomerId = "c-1",
            Request = "{}",
            Items = "[]",
            Amount = 1m,
            PaymentToken = "tok_ok",
            Address = "{}",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var writeRow = new WriteBeforeFirstRead(() => real.InsertAsync(row));
        var options = PersistenceServiceCollectionExtensions.Configure(new DbContextOptionsBuilder<OrdersDbContext>(), Server.Services.GetRequiredService<StoreOptions>());
        options.AddInterceptors(writeRow);
        var racing = new OrderStore(new ContextFactory((DbContextOptions<OrdersDbContext>)options.Options), Server.Services.GetRequiredService<StoreWriteGate>(), TimeProvider.System);

        var validated = await racing.BeginValidationAsync(id);

        Assert.True(writeRow.Written);
        Assert.True(validated is null || validated.State != OrderStates.Received, $"validation handed back the order {validated?.State}");
        Assert.Equal(OrderStates.Validating, (await racing.BeginValidationAsync(id))!.State);
    }

    private sealed class ContextFactory(DbContextOptions<OrdersDbContext> options) : IDbContextFactory<OrdersDbContext>
    {
        public OrdersDbContext CreateDbContext() => new(options);
    }

    /// <summary>A query of the orders table, its name quoted (SQLite) or not (PostgreSQL).</summary>
    [GeneratedRegex("""FROM\s+"?orders"?\s""", RegexOptions.IgnoreCase)]
    private static partial Regex OrdersRead();

    /// <summary>Runs a write once, before the first query that reads the orders table executes.</summary>
    private sealed class WriteBeforeFirstRead(Func<Task> write) : DbCommandInterceptor
    {
        public bool Written { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!Written && OrdersRead().IsMatch(command.CommandText))
            {
                Written = true;
                await write();
            }

            return result;
        }
    }

    [StoreFact]
    public async Task DeclinedCard_EndsFailed_WithNothingCharged()
    {
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id, token: OrderStubs.DeclinedToken));
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var approve = await Client.SignalAsync(id, "approve");
        var done = await Client.WaitForOrderAsync(id, o => o.EventTypes().Contains("order-failed"));

        Assert.Equal(("failed", "declined", "none"), (done.State(), done.At("payment", "status"), done.At("shipping", "state")));
        Assert.Contains("declined", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("payment-declined", done.EventTypes());
        Assert.DoesNotContain("payment-charged", done.EventTypes());
        Assert.False(Stubs.WasCharged($"pay_{id}"));
    }

    [StoreFact]
    public async Task UndeliverableAddress_SetBeforeShipping_IsWhatTheCarrierGets_AndTheOrderFailsWithOneRefund()
    {
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var address = await Client.PutAsJsonAsync($"/api/orders/{id}/address", OrderRequests.Address(OrderStubs.UndeliverableLine));
        using var badAddress = await Client.PutAsJsonAsync($"/api/orders/{id}/address", new JsonObject { ["line1"] = "x", ["city"] = "" });
        using var approve = await Client.SignalAsync(id, "approve");
        var done = await Client.WaitForOrderAsync(id, o => o.EventTypes().Contains("order-failed"));
        var problem = (await badAddress.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.BadRequest), (address.StatusCode, badAddress.StatusCode));
        Assert.Equal(["city", "country", "postalCode"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(("failed", "failed", "refunded"), (done.State(), done.At("shipping", "state"), done.At("payment", "status")));
        Assert.Equal(OrderStubs.UndeliverableLine, done["address"]!["line1"]!.GetValue<string>());
        Assert.Contains("undeliverable", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["address-updated", "shipping-failed", "payment-refunded", "order-failed"], done.EventTypes().Where(e => e is "address-updated" or "shipping-failed" or "payment-refunded" or "order-failed").ToArray());
        Assert.Single(done.EventTypes(), e => e == "payment-refunded");
        Assert.Equal(1, Stubs.Refunds[$"pay_{id}"]);
    }

    [StoreFact]
    public async Task Approve_SentBeforeTheReview_IsKept_AndTakesEffectWhenTheReviewStarts()
    {
        var id = OrderRequests.NewId();
        var validation = new TaskCompletionSource();
        Stubs.BeforeCall = (call, token) => call == "order_validated" ? validation.Task.WaitAsync(token) : Task.CompletedTask;
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        await Client.WaitForStateAsync(id, "validating");
        using var approve = await Client.SignalAsync(id, "approve");
        using var second = await Client.SignalAsync(id, "approve");
        validation.SetResult();
        var done = await Client.WaitForStateAsync(id, "completed");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (approve.StatusCode, second.StatusCode));
        Assert.Equal(HappyPath, done.EventTypes());
    }

    [StoreFact]
    public async Task SignalsAfterTheEnd_Answer409_AndUnknownOrders404()
    {
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        await Client.WaitForStateAsync(id, "awaiting-approval");
        using var approve = await Client.SignalAsync(id, "approve");
        await Client.WaitForStateAsync(id, "completed");

        using var approveAgain = await Client.SignalAsync(id, "approve");
        using var cancel = await Client.SignalAsync(id, "cancel");
        using var address = await Client.PutAsJsonAsync($"/api/orders/{id}/address", OrderRequests.Address("2 Elm St"));
        using var startAgain = await Client.StartAsync(OrderRequests.Order(id));
        using var unknownGet = await Client.GetAsync("/api/orders/O-unknown");
        using var unknownApprove = await Client.SignalAsync("O-unknown", "approve");
        using var unknownCancel = await Client.SignalAsync("O-unknown", "cancel");
        using var unknownAddress = await Client.PutAsJsonAsync("/api/orders/O-unknown/address", OrderRequests.Address("2 Elm St"));

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.OK],
            new[] { approveAgain.StatusCode, cancel.StatusCode, address.StatusCode, startAgain.StatusCode });
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { unknownGet.StatusCode, unknownApprove.StatusCode, unknownCancel.StatusCode, unknownAddress.StatusCode });
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
    }

    [StoreFact]
    public async Task ReviewTimeout_WithoutApproval_EndsFailed_AndChargesNothing()
    {
        Server.Overrides["Orders:ReviewTimeout"] = "00:00:00.300";
        var id = OrderRequests.NewId();
        using var start = await Client.StartAsync(OrderRequests.Order(id));
        var done = await Client.WaitForOrderAsync(id, o => o.EventTypes().Contains("order-failed"));
        using var approve = await Client.SignalAsync(id, "approve");

        Assert.Equal(("failed", "none"), (done.State(), done.At("payment", "status")));
        Assert.Contains("review timed out", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["order-received", "order-validated", "review-requested", "review-timed-out", "order-failed"], done.EventTypes());
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
    }

    [StoreFact]
    public async Task DefaultStubRates_ManyAttemptsFailOrHang_YetEachOrderCompletes_WithOneChargeEach()
    {
        Server.Overrides["Orders:Stubs:FailureRate"] = "0.33";
        Server.Overrides["Orders:Stubs:HangRate"] = "0.33";
        var ids = Enumerable.Range(0, 5).Select(_ => OrderRequests.NewId()).ToList();
        foreach (var id in ids)
        {
            using var start = await Client.StartAsync(OrderRequests.Order(id));
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        foreach (var id in ids)
        {
            await Client.WaitForStateAsync(id, "awaiting-approval");
            using var approve = await Client.SignalAsync(id, "approve");
        }

        var finished = new List<JsonObject>();
        foreach (var id in ids)
        {
            finished.Add(await Client.WaitForStateAsync(id, "completed"));
        }

        Assert.All(finished, o => Assert.Equal(HappyPath, o.EventTypes()));
        Assert.Equal(ids.Count, Stubs.Charges);
        Assert.True(finished.Sum(o => o["payment"]!["attempts"]!.GetValue<int>()) >= ids.Count);
    }
}
