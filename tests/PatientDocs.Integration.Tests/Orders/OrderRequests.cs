using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Integration.Tests.Orders;

/// <summary>The contract's requests and a poll of the live status until a state is reached.</summary>
internal static class OrderRequests
{
    public static JsonObject Order(string orderId, string line1 = "1 Main St", string token = "tok_visa") => new()
    {
        ["orderId"] = orderId,
        ["customerId"] = "C-1",
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["quantity"] = 2, ["unitPrice"] = 19.99 }),
        ["address"] = Address(line1),
        ["paymentToken"] = token,
    };

    public static JsonObject Address(string line1) => new() { ["line1"] = line1, ["city"] = "Springfield", ["postalCode"] = "12345", ["country"] = "US" };

    public static string NewId() => "O-" + Guid.NewGuid().ToString("N")[..12];

    public static Task<HttpResponseMessage> StartAsync(this HttpClient client, JsonObject order) => client.PostAsJsonAsync("/api/orders", order);

    public static Task<HttpResponseMessage> SignalAsync(this HttpClient client, string orderId, string signal) => client.PostAsync($"/api/orders/{orderId}/{signal}", null);

    public static async Task<JsonObject> GetOrderAsync(this HttpClient client, string orderId) =>
        (JsonObject)(await client.GetFromJsonAsync<JsonNode>($"/api/orders/{orderId}"))!;

    /// <summary>
    /// Polls the order until <paramref name="done"/> holds (the workers run in the background), or fails after 30 s: generous,
    /// as a cold server on a busy machine has been seen to take seconds over its first task.
    /// </summary>
    public static async Task<JsonObject> WaitForOrderAsync(this HttpClient client, string orderId, Func<JsonObject, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = (JsonObject)(await client.GetFromJsonAsync<JsonNode>($"/api/orders/{orderId}", timeout.Token))!;
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(20, timeout.Token);
            }
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException)
        {
            throw new Xunit.Sdk.XunitException($"order {orderId} did not reach the awaited state in 30 s; last seen: {last?.ToJsonString()}");
        }
    }

    public static Task<JsonObject> WaitForStateAsync(this HttpClient client, string orderId, string state) =>
        client.WaitForOrderAsync(orderId, o => o["state"]!.GetValue<string>() == state);

    public static string[] EventTypes(this JsonObject order) => [.. order["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())];

    /// <summary>When the server recorded the order's first event of <paramref name="type"/>.</summary>
    public static DateTimeOffset EventAt(this JsonObject order, string type) =>
        DateTimeOffset.Parse(order["events"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == type)!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    public static string State(this JsonObject order) => order["state"]!.GetValue<string>();

    public static string At(this JsonObject order, string section, string field) => order[section]![field]!.GetValue<string>();
}
