using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Bench.Api;
using PatientDocs.Bench.Options;
using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The content pipeline on real processes: the simulators (the LLM limited to <see cref="RequestsPerMinute"/> requests and
/// <see cref="TokensPerMinute"/> tokens per minute) and one server; N pipelines started at once; waits until every one has
/// ended, then reads the LLM's stats: violations of each limit, the tokens reserved (the estimates) and used.
/// </summary>
public sealed class ContentPipelineRunner(BenchOptions options, BuiltApps apps, string outFolder)
{
    public const string Name = "content-pipeline";
    public const int RequestsPerMinute = 60;
    public const long TokensPerMinute = 20_000;

    public async Task<ContentPipelineResult> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(outFolder, Name);
        var dataFolder = DataFolder.CreateEmpty(folder);
        var scale = options.ContentPipelineTimeScale;
        var database = await BenchDatabase.CreateAsync(options, Name, dataFolder, cancellationToken);
        var (simPort, serverPort) = (FreePort.Next(), FreePort.Next());
        var simEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{simPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Simulators__TimeScale"] = Invariant(scale),
            ["Simulators__Llm__Requests__Permits"] = Invariant(RequestsPerMinute),
            ["Simulators__Llm__Requests__PeriodSeconds"] = "60",
            ["Simulators__Llm__Tokens__Tokens"] = Invariant(TokensPerMinute),
            ["Simulators__Llm__Tokens__PeriodSeconds"] = "60",
        };
        var serverEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{serverPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["PatientDocs__DataFolder"] = dataFolder,
            ["PatientDocs__Store__Provider"] = database.Provider,
            ["PatientDocs__Store__ConnectionString"] = database.ConnectionString,
            ["PatientDocs__TimeScale"] = Invariant(scale),
            ["PatientDocs__Patients__SeedCount"] = "1",
            ["PatientDocs__Services__Llm__BaseUrl"] = $"http://127.0.0.1:{simPort}/sim/llm/",
            ["PatientDocs__Services__Llm__Limits__Requests__Permits"] = Invariant(RequestsPerMinute),
            ["PatientDocs__Services__Llm__Limits__Requests__Period"] = "00:01:00",
            ["PatientDocs__Services__Llm__Limits__Tokens__Permits"] = Invariant(TokensPerMinute),
            ["PatientDocs__Services__Llm__Limits__Tokens__Period"] = "00:01:00",
        };
        File.WriteAllLines(Path.Combine(folder, "environment.txt"),
            [.. simEnvironment.Select(e => $"simulators {e.Key}={e.Value}"), .. serverEnvironment.Select(e => $"server {e.Key}={e.Value}")]);

        using var sim = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using var server = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serverPort}"), Timeout = TimeSpan.FromSeconds(60) };
        Console.WriteLine($"[{Name}] {options.Pipelines} pipelines at once, TimeScale {scale}, LLM {RequestsPerMinute} requests and {TokensPerMinute} tokens per minute, store {database.Provider}");
        using var simProcess = BuiltApps.Start(apps.SimulatorsDll, simEnvironment, Path.Combine(folder, "simulators.log"));
        ChildProcess? serverProcess = null;
        try
        {
            await ScenarioRunner.WaitUntilAsync(() => IsOkAsync(sim, "/sim/llm/stats", cancellationToken), TimeSpan.FromSeconds(60), "simulators", simProcess, cancellationToken);
            serverProcess = BuiltApps.Start(apps.ServerDll, serverEnvironment, Path.Combine(folder, "server.log"));
            await ScenarioRunner.WaitUntilAsync(() => IsOkAsync(server, "/health", cancellationToken), TimeSpan.FromSeconds(180), "server", serverProcess, cancellationToken);

            var loadAtStart = LoadAverage();
            var startedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var ids = await Task.WhenAll(Enumerable.Range(0, options.Pipelines).Select(i => StartAsync(server, i, cancellationToken)));
            var ended = await WaitForEndAsync(server, ids, TimeSpan.FromSeconds(options.TimeoutSeconds ?? 600), cancellationToken);
            var makespan = clock.Elapsed.TotalSeconds * scale;

            var stats = (await sim.GetFromJsonAsync<JsonObject>("/sim/llm/stats", cancellationToken))!;
            var usage = (await sim.GetFromJsonAsync<JsonObject>("/sim/llm/usage", cancellationToken))!;
            var calls = (await sim.GetFromJsonAsync<List<LlmCallRecord>>("/sim/llm/calls", cancellationToken))!;
            File.WriteAllText(Path.Combine(folder, "raw.json"), JsonSerializer.Serialize(new { startedAt, timeScale = scale, calls }, RawJson));
            double Scaled(DateTimeOffset at) => (at - startedAt).TotalSeconds * scale;
            var firstRequest = calls.Count == 0 ? 0 : calls.Min(c => Scaled(c.ArrivedAt));
            var result = new ContentPipelineResult
            {
                Pipelines = options.Pipelines,
                Finished = ended,
                TimeScale = scale,
                RequestsPerMinute = RequestsPerMinute,
                TokensPerMinute = TokensPerMinute,
                MakespanSeconds = makespan,
                Requests = Long(stats, "requests", "requests"),
                RequestViolations = Long(stats, "requests", "violations"),
                TokenViolations = Long(stats, "tokens", "violations"),
                MaxRequestsInWindow = (int)Long(stats, "requests", "maxInWindow"),
                MaxTokensInWindow = (int)Long(stats, "tokens", "maxInWindow"),
                TokensCharged = usage["reservedTokens"]!.GetValue<long>(),
                TokensUsed = usage["totalTokens"]!.GetValue<long>(),
                FirstRequestSeconds = firstRequest,
                LastAnswerSeconds = calls.Count == 0 ? 0 : calls.Max(c => Scaled(c.AnsweredAt)),
                Windows = [.. calls.GroupBy(c => (int)Math.Floor((Scaled(c.ArrivedAt) - firstRequest) / 60)).OrderBy(g => g.Key)
                    .Select(g => new LlmWindowUse(firstRequest + (g.Key * 60), g.Count(), g.Sum(c => c.UsedTokens)))],
                LoadAtStart = loadAtStart,
                LoadAtEnd = LoadAverage(),
            };
            File.WriteAllText(Path.Combine(folder, "summary.md"), result.Markdown());
            return result;
        }
        finally
        {
            serverProcess?.Dispose();
            await database.DropAsync(CancellationToken.None);
        }
    }

    private static async Task<string> StartAsync(HttpClient server, int i, CancellationToken cancellationToken)
    {
        using var response = await server.PostAsJsonAsync("/api/content-pipelines", new { topic = $"topic {i}", length = i % 2 == 0 ? "long" : "short" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["instanceId"]!.GetValue<string>();
    }

    /// <summary>Polls every instance until each has finished or faulted, or the timeout; returns how many finished.</summary>
    private static async Task<int> WaitForEndAsync(HttpClient server, string[] ids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var open = new HashSet<string>(ids, StringComparer.Ordinal);
        var finished = 0;
        var clock = Stopwatch.StartNew();
        while (open.Count > 0 && clock.Elapsed < timeout)
        {
            foreach (var id in open.ToList())
            {
                var instance = (await server.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{id}", cancellationToken))!;
                var status = instance["status"]?.GetValue<string>();
                if (status == "Finished" || instance["subStatus"]?.GetValue<string>() == "Faulted")
                {
                    open.Remove(id);
                    finished += instance["subStatus"]?.GetValue<string>() == "Finished" ? 1 : 0;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return finished;
    }

    private static readonly JsonSerializerOptions RawJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The machine's 1-minute load average (Linux), which at TimeScale 10 multiplies every real stall by ten.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static long Long(JsonObject stats, string limit, string field) => stats["limits"]![limit]![field]!.GetValue<long>();

    private static async Task<bool> IsOkAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
