using System.Net;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class ArrivalsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Arrivals_AnswersOnlyOnceTheNthRequestHasArrived()
    {
        await using var host = await SimulatorHost.StartAsync();

        var third = host.Client.GetAsync($"{SimulatorRequests.Tracker}/arrivals?endpoint=list&atLeast=3");
        (await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items")).Dispose();
        (await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items")).Dispose();
        Assert.False(third.IsCompleted);
        (await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items")).Dispose();
        using var answer = await third.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.ReadJsonAsync();
        Assert.Equal("list", body.GetProperty("endpoint").GetString());
        Assert.Equal(3, body.GetProperty("arrivals").GetInt64());
    }

    [Fact]
    public async Task Arrivals_CountRequestsRefusedByTheLimitOrAnsweredByAnOutage_AndSurviveAStatsReset()
    {
        await using var host = await SimulatorHost.StartAsync();
        for (var i = 0; i < 11; i++)
        {
            (await host.Client.SearchAsync($"P{i}")).Dispose();
        }

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        (await host.Client.SendJsonAsync(HttpMethod.Post, $"{SimulatorRequests.Exchange}/outages", new { kind = "unavailable", durationSeconds = 5 })).Dispose();
        using var down = await host.Client.SearchAsync("P-down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        (await host.Client.DeleteAsync($"{SimulatorRequests.Exchange}/stats")).Dispose();
        using var answer = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/arrivals?endpoint=search");

        Assert.Equal(12, (await answer.ReadJsonAsync()).GetProperty("arrivals").GetInt64());
    }

    [Theory]
    [InlineData("", "endpoint")]
    [InlineData("?endpoint=lookup", "endpoint")]
    [InlineData("?endpoint=search&atLeast=0", "atLeast")]
    [InlineData("?endpoint=search&atLeast=ten", "atLeast")]
    public async Task Arrivals_WithBadInput_Is400NamingTheField(string query, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/arrivals{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }
}
