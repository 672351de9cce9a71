using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Runs a compiled state machine on a server's engine directly (no API) and reads what it left: outputs and activity executions.</summary>
internal static class CompiledRun
{
    public static async Task<(InstanceRecord Instance, JsonObject Output, IReadOnlyList<ActivityExecutionRecord> Executions)> RunAsync(
        ServerFactory server, StateMachine machine, JsonObject input, string? waitForEvent = null, JsonObject? eventPayload = null)
    {
        var store = server.Services.GetRequiredService<IWorkflowStore>();
        var runtime = server.Services.GetRequiredService<WorkflowRuntime>();
        var definition = StateMachineCompiler.Compile(machine);
        var existing = await store.FindDefinitionAsync(definition.DefinitionId, VersionOptions.Latest);
        definition.Id = definition.DefinitionId + "-v" + ((existing?.Version ?? 0) + 1);
        definition.Version = (existing?.Version ?? 0) + 1;
        var changed = new List<WorkflowDefinition> { definition };
        if (existing is not null)
        {
            existing.IsLatest = false;
            existing.IsPublished = false;
            changed.Add(existing);
        }

        await store.SaveDefinitionVersionsAsync(changed);
        var started = await runtime.DispatchAsync(new StartWorkflowRequest
        {
            DefinitionId = definition.DefinitionId,
            VersionOptions = new VersionOptions(VersionSelector.SpecificVersion, definition.Version),
            Input = input,
        });
        Assert.NotNull(started);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var resumed = waitForEvent is null;
        while (true)
        {
            var instance = (await store.FindInstanceAsync(started.Id, timeout.Token))!;
            if (instance.Status == WorkflowStatus.Finished)
            {
                var state = JsonNode.Parse(instance.State)!;
                var executions = await store.ListActivityExecutionsAsync(instance.Id, null, timeout.Token);
                return (instance, state["output"] as JsonObject ?? [], executions);
            }

            if (!resumed)
            {
                var bookmark = (await store.ListBookmarksAsync(instance.Id, timeout.Token)).FirstOrDefault(b => b.Kind == BookmarkKind.Event && b.Name == waitForEvent);
                if (bookmark is not null)
                {
                    resumed = await runtime.ResumeBookmarkAsync(instance.Id, bookmark.Id, eventPayload ?? [], timeout.Token);
                }
            }

            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Say where it stands: the instance, its incidents and the activities it ran.
                var executions = await store.ListActivityExecutionsAsync(instance.Id, null);
                var tasks = await store.ListTasksAsync(instance.Id);
                Assert.Fail($"Not finished: {instance.Status}/{instance.SubStatus}\n{instance.State}\n"
                    + string.Join("\n", executions.Select(e => $"{e.ActivityId} {e.Status} {e.Outputs} {e.Exception}"))
                    + "\n" + string.Join("\n", tasks.Select(t => $"task {t.ActivityId} {t.State} {t.Attempts} {t.Error} {t.Result}")));
            }
        }
    }

    /// <summary>The steps' state names in the order they started (the map's State role only).</summary>
    public static IReadOnlyList<string> StatesRun(StateMachine machine, IReadOnlyList<ActivityExecutionRecord> executions)
    {
        var map = StateMap.Of(StateMachineCompiler.Compile(machine))!;
        return executions
            .Where(e => map.Activities.TryGetValue(e.ActivityId, out var a) && a.Role == StepRole.State)
            .OrderBy(e => e.StartedAt)
            .Select(e => map.Activities[e.ActivityId].State)
            .ToList();
    }
}
