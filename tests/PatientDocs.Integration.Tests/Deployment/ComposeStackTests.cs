using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>docker-compose.yml's stack run as processes (<see cref="ComposeStack"/>): patients through nginx to the two nodes.</summary>
[Collection(ComposeStackCollection.Name)]
public sealed class ComposeStackTests(ComposeStack stack, ITestOutputHelper output)
{
    private static readonly string[] OnePatient = ["P009001"];

    [ComposeStackFact]
    public async Task ComposeStack_PatientsThroughTheProxy_FinishOnBothNodes()
    {
        using var http = stack.CreateProxyClient();
        var patientIds = Enumerable.Range(1, 20).Select(i => $"P{i:D6}").ToArray();
        try
        {
            using var start = await http.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds });
            Assert.True(start.IsSuccessStatusCode, $"bulk start through nginx answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
            var instanceIds = (await start.Content.ReadFromJsonAsync<JsonNode>())!["instanceIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            Assert.Equal(20, instanceIds.Count);

            var running = new HashSet<string>(instanceIds, StringComparer.Ordinal);
            // Polled through the operations API all at once, as a dashboard would: nginx spreads /api by the fewest open
            // requests, while Studio's /elsa/api is pinned to one node per client address (deploy/nginx/nginx.conf).
            await WaitForAsync(async () =>
            {
                var ids = running.ToList();
                var statuses = await Task.WhenAll(ids.Select(id => EtaStatusAsync(http, id)));
                for (var i = 0; i < ids.Count; i++)
                {
                    if (statuses[i] == "Finished")
                    {
                        running.Remove(ids[i]);
                    }
                }

                return running.Count == 0;
            }, TimeSpan.FromMinutes(4));

            foreach (var id in instanceIds)
            {
                Assert.Equal("Finished", await SubStatusAsync(http, id));
            }

            // nginx logs the node that answered each request: the requests of this run reached both.
            await WaitForAsync(() => Task.FromResult(BothNodesAnswered()), TimeSpan.FromSeconds(30));
        }
        finally
        {
            output.WriteLine(stack.Logs());
        }
    }

    [ComposeStackFact]
    public async Task ComposeStack_ProgressEvents_StreamThroughTheProxy()
    {
        using var http = stack.CreateProxyClient();
        using var events = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await http.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        using var start = await http.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds = OnePatient });
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        var instanceId = (await start.Content.ReadFromJsonAsync<JsonNode>())!["instanceIds"]![0]!.GetValue<string>();

        // Events of this instance arrive through nginx while it runs, not when the stream ends.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(deadline.Token);
        }
        while (line is not null && !(line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(instanceId, StringComparison.Ordinal)));

        Assert.NotNull(line);
    }

    private bool BothNodesAnswered() =>
        stack.Nginx.Output.Contains($"upstream=127.0.0.1:{stack.PortOf("server-1", 8080)}", StringComparison.Ordinal)
        && stack.Nginx.Output.Contains($"upstream=127.0.0.1:{stack.PortOf("server-2", 8080)}", StringComparison.Ordinal);

    private static async Task<string?> EtaStatusAsync(HttpClient http, string instanceId) =>
        (await http.GetFromJsonAsync<JsonNode>($"/api/workflow-instances/{instanceId}/eta"))?["status"]?.GetValue<string>();

    private static async Task<string?> SubStatusAsync(HttpClient http, string instanceId) =>
        (await http.GetFromJsonAsync<JsonNode>($"/elsa/api/workflow-instances/{instanceId}"))?["subStatus"]?.GetValue<string>();

    private async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!await condition())
        {
            Assert.False(stack.ServerOne.HasExited || stack.ServerTwo.HasExited || stack.Nginx.HasExited, "a process of the stack exited:\n" + stack.Logs());
            Assert.False(timeout.IsCancellationRequested, $"not reached within {limit.TotalSeconds} s");
            await timer.WaitForNextTickAsync();
        }
    }
}
