using System.Net;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class TaskTrackerTests
{
    private static readonly object Patient = new { patientId = "P000001", firstName = "Ann", lastName = "Lee" };

    [Fact]
    public async Task Create_WithSameIdempotencyKey_ReturnsTheSameItemOnce()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var first = await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient, "instance-1/create");
        using var repeat = await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient, "instance-1/create");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var itemId = (await first.ReadJsonAsync()).GetProperty("itemId").GetString();
        Assert.Equal(itemId, (await repeat.ReadJsonAsync()).GetProperty("itemId").GetString());
        using var list = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items?patientId=P000001");
        var items = (await list.ReadJsonAsync()).GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal(itemId, items[0].GetProperty("itemId").GetString());
    }

    [Fact]
    public async Task Create_WithoutIdempotencyKey_CreatesEachTime()
    {
        await using var host = await SimulatorHost.StartAsync();
        (await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient)).Dispose();
        (await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient)).Dispose();

        using var list = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items?patientId=P000001");
        Assert.Equal(2, (await list.ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task StatusAndReports_UpdateTheItem_AndARepeatedReportKeyAppendsNothing()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var created = await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient, "k");
        var itemId = (await created.ReadJsonAsync()).GetProperty("itemId").GetString();
        var item = $"{SimulatorRequests.Tracker}/items/{itemId}";

        host.Clock.Advance(TimeSpan.FromSeconds(3));
        using var status = await host.Client.SendJsonAsync(HttpMethod.Put, $"{item}/status", new { status = "documents-found" });
        using var report = await host.Client.SendJsonAsync(HttpMethod.Post, $"{item}/reports", new { text = "document-0001.pdf" }, "instance-1/report");
        using var repeat = await host.Client.SendJsonAsync(HttpMethod.Post, $"{item}/reports", new { text = "document-0001.pdf" }, "instance-1/report");
        using var second = await host.Client.SendJsonAsync(HttpMethod.Post, $"{item}/reports", new { text = "" }, "instance-1/report-2");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var read = await host.Client.GetAsync(item);
        var json = await read.ReadJsonAsync();
        Assert.Equal(itemId, json.GetProperty("itemId").GetString());
        Assert.Equal("P000001", json.GetProperty("patientId").GetString());
        Assert.Equal("Ann", json.GetProperty("firstName").GetString());
        Assert.Equal("Lee", json.GetProperty("lastName").GetString());
        Assert.Equal("documents-found", json.GetProperty("status").GetString());
        Assert.Equal(["document-0001.pdf", ""], json.GetProperty("reports").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(host.Clock.GetUtcNow() - TimeSpan.FromSeconds(3), json.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(host.Clock.GetUtcNow(), json.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task UnknownItem_Is404OnEveryRoute()
    {
        await using var host = await SimulatorHost.StartAsync();
        var item = $"{SimulatorRequests.Tracker}/items/item-nope";

        using var read = await host.Client.GetAsync(item);
        using var status = await host.Client.SendJsonAsync(HttpMethod.Put, $"{item}/status", new { status = "x" });
        using var report = await host.Client.SendJsonAsync(HttpMethod.Post, $"{item}/reports", new { text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/items", "{\"firstName\":\"Ann\",\"lastName\":\"Lee\"}", "patientId")]
    [InlineData("POST", "/items", "{\"patientId\":\"P1\",\"lastName\":\"Lee\"}", "firstName")]
    [InlineData("POST", "/items", "[1,2]", "body")]
    [InlineData("PUT", "/items/item-x/status", "{}", "status")]
    [InlineData("POST", "/items/item-x/reports", "{}", "text")]
    public async Task BadInput_Is400NamingTheField(string method, string path, string json, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.Client.SendRawAsync(new HttpMethod(method), $"{SimulatorRequests.Tracker}{path}", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task EveryRoute_SharesTheTenPerSecondLimit()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var created = await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Tracker}/items", Patient);
        var item = $"{SimulatorRequests.Tracker}/items/{(await created.ReadJsonAsync()).GetProperty("itemId").GetString()}";
        for (var i = 0; i < 3; i++)
        {
            (await host.Client.GetAsync(item)).Dispose();
            (await host.Client.SendJsonAsync(HttpMethod.Put, $"{item}/status", new { status = "s" })).Dispose();
            (await host.Client.SendJsonAsync(HttpMethod.Post, $"{item}/reports", new { text = "r" })).Dispose();
        }

        using var refused = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var accepted = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var stats = await host.Client.StatsAsync(SimulatorRequests.Tracker);
        Assert.Equal(12, stats.GetProperty("requests").GetInt64());
        Assert.Equal(1, stats.GetProperty("violations").GetInt64());
        Assert.Equal(11, stats.GetProperty("limits").GetProperty("requests").GetProperty("maxInWindow").GetInt32());
    }
}
