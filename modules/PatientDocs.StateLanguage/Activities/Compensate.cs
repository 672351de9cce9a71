using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Resources;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// Runs, once the execution fails, the <c>compensation</c> resource of every Task that completed, in reverse order of
/// completion (branches included). Which Tasks completed is read from the engine's own activity executions, so nothing
/// is kept twice. A compensation that fails is recorded as failed and the rest still run; each one is a step of its own.
/// </summary>
[Activity(StateLanguageModule.Namespace, "Compensate", Category = StateLanguageModule.Category, DisplayName = "Compensate",
    Description = "Runs the compensations of the Tasks that completed, newest first.", Kind = ActivityKind.Task, IsBrowsable = false)]
public sealed class Compensate : TaskActivity
{
    [Input(Description = "By Task activity id: its state, compensation resource and branch.", UIHint = "json-editor")]
    public JsonNode? Tasks { get; set; }

    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The execution input's mock settings.", UIHint = "json-editor")]
    public JsonNode? Mock { get; set; }

    [Output(Description = "One entry per compensation run: state, resource, branch, status, error, cause, output, attempts, startedAt, endedAt.")]
    public JsonArray? Compensations { get; set; }

    public override string Queue => StateLanguageModule.Queue;

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var tasks = Tasks as JsonObject ?? [];
        var store = context.Services.GetRequiredService<IWorkflowStore>();
        var executions = await store.ListActivityExecutionsAsync(context.InstanceId, null, cancellationToken).ConfigureAwait(false);
        var completed = executions
            .Where(e => e.Status == ActivityExecutionStatus.Completed && tasks.ContainsKey(e.ActivityId) && !Failed(e))
            .OrderByDescending(e => e.CompletedAt)
            .ThenByDescending(e => e.StartedAt)
            .ToList();

        var results = new JsonArray();
        foreach (var execution in completed)
        {
            var task = (JsonObject)tasks[execution.ActivityId]!;
            var resource = task["resource"]!.ToString();
            var startedAt = context.Time.GetUtcNow();
            var call = new ResourceCall(resource, context.InstanceId, task["state"]!.ToString(), 1, $"{context.IdempotencyKey}:{execution.Id}",
                ExecutionData.Of(Data), Mock as JsonObject, context.Services);
            var outcome = await ResourceRunner.RunAsync(call, null, context.Time, context.TimeScale, cancellationToken).ConfigureAwait(false);
            results.Add(new JsonObject
            {
                ["state"] = task["state"]!.DeepClone(),
                ["resource"] = resource,
                ["branch"] = task["branch"]?.DeepClone(),
                ["compensates"] = execution.Id,
                ["status"] = outcome.Succeeded ? "COMPLETED" : "FAILED",
                ["error"] = outcome.ErrorType,
                ["cause"] = outcome.Cause,
                ["output"] = outcome.Output,
                ["attempts"] = 1,
                ["startedAt"] = startedAt.ToString("O"),
                ["endedAt"] = context.Time.GetUtcNow().ToString("O"),
            });
        }

        Compensations = results;
        return TaskOutcome.Completed();
    }

    private static bool Failed(ActivityExecutionRecord execution) =>
        execution.Outputs is { } outputs && JsonNode.Parse(outputs)?["error"] is JsonValue;
}
