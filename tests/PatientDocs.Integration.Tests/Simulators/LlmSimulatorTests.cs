using System.Net;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class LlmSimulatorTests
{
    private const string Llm = "/sim/llm";

    // 40 characters: 10 prompt tokens.
    private static readonly string Prompt = string.Concat(Enumerable.Repeat("abcd", 10));

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Simulators:Llm:Requests:Permits"] = "3",
        ["Simulators:Llm:Requests:PeriodSeconds"] = "60",
        ["Simulators:Llm:Tokens:Tokens"] = "1000",
        ["Simulators:Llm:Tokens:PeriodSeconds"] = "60",
    };

    [Fact]
    public async Task Complete_AnswersItsUsage_AndTheWindowThenChargesTheUsageInsteadOfTheReservation()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);

        using var first = await CompleteAsync(host, maxTokens: 100);
        var usage = (await first.ReadJsonAsync()).GetProperty("usage");
        // 90 tokens charged now: a reservation of 10 + 900 fits exactly; with the first's 110 still reserved it would not.
        using var second = await CompleteAsync(host, maxTokens: 900);
        var stats = await host.Client.StatsAsync(Llm);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((10, 80, 90), (usage.GetProperty("promptTokens").GetInt64(), usage.GetProperty("completionTokens").GetInt64(), usage.GetProperty("totalTokens").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, stats.GetProperty("limits").GetProperty("tokens").GetProperty("violations").GetInt64());
        Assert.Equal(1000, stats.GetProperty("limits").GetProperty("tokens").GetProperty("maxInWindow").GetInt32());
    }

    [Fact]
    public async Task Complete_OverTheTokensPerWindow_Answers429WithRetryAfter_CountsATokenViolation_AndFitsOnceTheWindowHasPassed()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);

        // The first charges 10 + 720 once answered; 10 + 300 more would be 1040 in the window.
        using var first = await CompleteAsync(host, maxTokens: 900);
        using var refused = await CompleteAsync(host, maxTokens: 300);
        var stats = await host.Client.StatsAsync(Llm);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        using var later = await CompleteAsync(host, maxTokens: 300);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (first.StatusCode, refused.StatusCode, later.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(1, stats.GetProperty("limits").GetProperty("tokens").GetProperty("violations").GetInt64());
        Assert.Equal(0, stats.GetProperty("limits").GetProperty("requests").GetProperty("violations").GetInt64());
    }

    [Fact]
    public async Task Complete_OverTheRequestsPerWindow_CountsARequestViolation()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);

        for (var i = 0; i < 3; i++)
        {
            using var ok = await CompleteAsync(host, maxTokens: 10);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var fourth = await CompleteAsync(host, maxTokens: 10);
        var limits = (await host.Client.StatsAsync(Llm)).GetProperty("limits");

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal((1L, 0L), (limits.GetProperty("requests").GetProperty("violations").GetInt64(), limits.GetProperty("tokens").GetProperty("violations").GetInt64()));
    }

    [Fact]
    public async Task Complete_WithoutMaxTokens_Answers400NamingTheField()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);

        using var response = await host.Client.SendJsonAsync(HttpMethod.Post, $"{Llm}/complete", new { prompt = Prompt });
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxTokens", out _));
    }

    [Fact]
    public async Task ARejectionArmedForAStep_Answers422ToItsNextRequestOnly_AndChargesNoTokens()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);

        (await host.Client.SendJsonAsync(HttpMethod.Post, $"{Llm}/rejections", new { step = "newsletter", count = 1 })).Dispose();
        using var rejected = await CompleteAsync(host, maxTokens: 900, step: "newsletter");
        using var next = await CompleteAsync(host, maxTokens: 900, step: "newsletter");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK), (rejected.StatusCode, next.StatusCode));
    }

    [Fact]
    public async Task Calls_ListEachAnsweredCompletion_WithItsArrivalReservationAndUsage_AndNotTheRefusedOnes()
    {
        await using var host = await SimulatorHost.StartAsync(Settings);
        var start = host.Clock.GetUtcNow();

        (await CompleteAsync(host, maxTokens: 100, step: "research")).Dispose();
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await CompleteAsync(host, maxTokens: 900, step: "draft")).Dispose();
        // 820 tokens used in the window: 10 + 900 more is refused and never answered.
        using var refused = await CompleteAsync(host, maxTokens: 900, step: "refused");
        using var response = await host.Client.GetAsync($"{Llm}/calls");
        var calls = (await response.ReadJsonAsync()).EnumerateArray().Select(c => (
            c.GetProperty("step").GetString(),
            c.GetProperty("arrivedAt").GetDateTimeOffset(),
            c.GetProperty("answeredAt").GetDateTimeOffset(),
            c.GetProperty("reservedTokens").GetInt64(),
            c.GetProperty("usedTokens").GetInt64())).ToList();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(
            [("research", start, start, 110L, 90L), ("draft", start.AddSeconds(1), start.AddSeconds(1), 910L, 730L)],
            calls);
    }

    private static Task<HttpResponseMessage> CompleteAsync(SimulatorHost host, int maxTokens, string step = "draft") =>
        host.Client.SendJsonAsync(HttpMethod.Post, $"{Llm}/complete", new { prompt = Prompt, maxTokens, step });
}
