using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.ContentPipeline;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Simulators.Llm;

namespace PatientDocs.Integration.Tests.ContentPipeline;

/// <summary>The content pipeline end to end against the LLM simulator, on one SQL store per subclass.</summary>
public abstract class ContentPipelineTests : IAsyncLifetime
{
    private static readonly string[] Parallel = ["social", "newsletter", "summary", "metadata"];
    private WebApplication? _simulators;
    private ContentPipelineServer? _server;
    private HttpClient? _client;

    protected abstract ContentPipelineServer CreateServer(WebApplication simulators);

    private HttpClient Client => _client!;

    private IWorkflowStore Store => _server!.Services.GetRequiredService<IWorkflowStore>();

    public async Task InitializeAsync()
    {
        _simulators = await LlmSimulatorHost.StartAsync();
        _server = CreateServer(_simulators);
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_simulators is not null)
        {
            await _simulators.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task ALongDraft_RunsTheFourStepsInParallel_ThenTheQualityCheck_ThenPublishes()
    {
        var id = await StartAsync("durable workflows", "long");
        var done = await WaitForEndAsync(id);
        var executions = await Store.ListActivityExecutionsAsync(id, null);
        var ran = executions.Select(e => e.ActivityId).ToList();

        Assert.Equal("Finished", done["subStatus"]!.GetValue<string>());
        Assert.Equal(["research", "draft", "social", "newsletter", "summary", "metadata", "qualityCheck", "publish"], ran.Where(IsStep).Order(new StepOrder()).ToList());
        // All four were under way before any of them finished: started in one burst, run side by side.
        var four = executions.Where(e => Parallel.Contains(e.ActivityId)).ToList();
        Assert.True(four.Max(e => e.StartedAt) < four.Min(e => e.CompletedAt!.Value), "the four steps did not overlap");
        var published = done["output"]?["published"] ?? done["workflowState"]?["output"]?["published"];
        Assert.NotNull(published);
        Assert.True(published!["draft"]!.GetValue<string>().Length > 2000);
        Assert.NotNull(published["qualityReview"]);
    }

    [StoreFact]
    public async Task AShortDraft_SkipsTheQualityCheck()
    {
        var id = await StartAsync("durable workflows", "short");
        var done = await WaitForEndAsync(id);
        var ran = (await Store.ListActivityExecutionsAsync(id, null)).Select(e => e.ActivityId).ToList();

        Assert.Equal("Finished", done["subStatus"]!.GetValue<string>());
        Assert.Contains("publish", ran);
        Assert.DoesNotContain("qualityCheck", ran);
        Assert.All(Parallel, step => Assert.Contains(step, ran));
    }

    [StoreFact]
    public async Task ManyRunsStartedAtOnce_NeverExceedEitherLimit_AndEachGrantEndsChargedWithItsUsage()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => StartAsync($"topic {i}", i % 2 == 0 ? "long" : "short")));
        foreach (var id in ids)
        {
            Assert.Equal("Finished", (await WaitForEndAsync(id))["subStatus"]!.GetValue<string>());
        }

        var stats = (await Simulator().GetFromJsonAsync<JsonObject>("/sim/llm/stats"))!;
        var usage = _simulators!.Services.GetRequiredService<LlmSimulator>().TotalUsage;
        var grants = await Store.ListPermitGrantsAsync($"{ContentPipelineModule.Service}.{ContentPipelineModule.TokensLimit}", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        Assert.Equal((0L, 0L), (stats["limits"]!["requests"]!["violations"]!.GetValue<long>(), stats["limits"]!["tokens"]!["violations"]!.GetValue<long>()));
        // 3 long runs of 7 LLM calls, 3 short of 6 (no quality check): each sent once, none refused.
        Assert.Equal(39L, stats["limits"]!["requests"]!["requests"]!.GetValue<long>());
        Assert.True(stats["limits"]!["tokens"]!["maxInWindow"]!.GetValue<int>() <= LlmSimulatorHost.Tokens);
        Assert.True(usage.TotalTokens > 0);
        // The grants still in the store (the last window's) charge each task's usage, below its estimate.
        Assert.NotEmpty(grants);
        foreach (var grant in grants)
        {
            var task = (await Store.FindTaskAsync(grant.Holder))!;
            var used = JsonNode.Parse(task.Result!)!["outputs"]!["totalTokens"]!.GetValue<long>();
            Assert.Equal(used, grant.Units);
            Assert.True(grant.Units < task.Units, $"usage {grant.Units} is not below the estimate {task.Units}");
        }
    }

    [StoreFact]
    public async Task Start_WithoutATopic_Answers400NamingTheField()
    {
        using var response = await Client.PostAsJsonAsync("/api/content-pipelines", new { length = "medium" });
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["topic"]);
    }

    [StoreFact]
    public async Task AFailedStep_RunsAgainWithItsDependents_ThroughScheduleActivity_AndNothingUpstreamRunsAgain()
    {
        using var arm = await Simulator().PostAsJsonAsync("/sim/llm/rejections", new { step = "newsletter", count = 1 });
        arm.EnsureSuccessStatusCode();
        var id = await StartAsync("alterations", "long");
        var faulted = await WaitForEndAsync(id);
        Assert.Equal("Faulted", faulted["subStatus"]!.GetValue<string>());

        using var alter = await Client.PostAsJsonAsync("/elsa/api/alterations/run", new JsonObject
        {
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "ScheduleActivity", ["activityId"] = "newsletter" }),
            ["workflowInstanceIds"] = new JsonArray(id),
        });
        // The alteration may be applied by the worker that holds the instance rather than before the answer: wait for the finish.
        var done = await WaitForEndAsync(id, finishedOnly: true);
        var counts = (await Store.ListActivityExecutionsAsync(id, null)).GroupBy(e => e.ActivityId).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(HttpStatusCode.OK, alter.StatusCode);
        Assert.Equal("Finished", done["subStatus"]!.GetValue<string>());
        Assert.Equal((1, 1, 1), (counts["research"], counts["draft"], counts["social"]));
        Assert.Equal(2, counts["newsletter"]);
        Assert.Equal((1, 1), (counts["qualityCheck"], counts["publish"]));
    }

    private HttpClient Simulator() => new(_simulators!.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };

    private async Task<string> StartAsync(string topic, string length)
    {
        using var response = await Client.PostAsJsonAsync("/api/content-pipelines", new { topic, length });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadObjectAsync())["instanceId"]!.GetValue<string>();
    }

    /// <summary>Polls the instance until it has ended (finished, or faulted unless only a finish counts), for up to a minute: the limits pace the calls.</summary>
    private async Task<JsonObject> WaitForEndAsync(string instanceId, bool finishedOnly = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = await (await Client.GetAsync($"/elsa/api/workflow-instances/{instanceId}", timeout.Token)).ReadObjectAsync();
                if (last["status"]?.GetValue<string>() == "Finished" || (!finishedOnly && last["subStatus"]?.GetValue<string>() == "Faulted"))
                {
                    return last;
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"instance {instanceId} did not end in 60 s; last seen: {last?.ToJsonString()}");
        }
    }

    private static bool IsStep(string activityId) => StepOrder.Rank(activityId) >= 0;

    /// <summary>The steps in the pipeline's order (the four parallel ones in a fixed order among themselves).</summary>
    private sealed class StepOrder : IComparer<string>
    {
        private static readonly string[] Steps = ["research", "draft", "social", "newsletter", "summary", "metadata", "qualityCheck", "publish"];

        public static int Rank(string id) => Array.IndexOf(Steps, id);

        public int Compare(string? x, string? y) => Rank(x!).CompareTo(Rank(y!));
    }
}
