using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.StateLanguage.Resources;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// A Task state: runs its resource as a task on the resource's queue. A failure is retried as the state's <c>retry</c> says
/// (the engine waits the backoff durably); once the retries are used up, the first <c>catch</c> naming the error type is
/// followed through its port, and an uncaught error takes <c>Uncaught</c> towards compensation and the failed end. Either
/// way the activity completes, with the error in its outputs, so the step records what happened.
/// </summary>
[Activity(StateLanguageModule.Namespace, "Task", Category = StateLanguageModule.Category, DisplayName = "Task",
    Description = "A state-language Task: runs a resource with retry, catch and timeout.", Kind = ActivityKind.Task, Ports = [], IsBrowsable = false)]
public sealed class RunTask : TaskActivity
{
    public const string UncaughtPort = "Uncaught";

    [Input(Description = "The state's name.")]
    public string State { get; set; } = "";

    [Input(Description = "The resource to run: a registered handler, or a mock.")]
    public string Resource { get; set; } = "";

    [Input(Description = "The task queue the resource runs on.")]
    public string QueueName { get; set; } = StateLanguageModule.Queue;

    [Input(Description = "The execution's data before this step.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The execution input's mock settings, which drive unregistered resources.", UIHint = "json-editor")]
    public JsonNode? Mock { get; set; }

    [Input(Description = "The state's retry: maxAttempts, intervalSeconds, backoffMultiplier, errorTypes.", UIHint = "json-editor")]
    public JsonNode? Retry { get; set; }

    [Input(Description = "The state's catches in order: errorTypes and the port each one leaves by.", UIHint = "json-editor")]
    public JsonNode? Catch { get; set; }

    [Input(Description = "Seconds an attempt may run before it fails with TimeoutError (before TimeScale).")]
    public double? TimeoutSeconds { get; set; }

    [Input(UIHint = "dynamic-outcomes", Description = "The ports: Done, one per catch, Uncaught.")]
    public string[] Outcomes { get; set; } = [];

    [Output(Description = "The execution's data after this step.")]
    public JsonObject? Result { get; set; }

    [Output(Description = "What the resource returned.")]
    public JsonObject? Output { get; set; }

    [Output(Description = "The error type, when the step failed.")]
    public string? Error { get; set; }

    [Output(Description = "The error's message.")]
    public string? Cause { get; set; }

    [Output(Description = "Attempts made, the first included.")]
    public int Attempts { get; set; }

    [Output(Description = "Set when the error is not caught: the state, error and cause the execution fails with.")]
    public JsonObject? Failure { get; set; }

    public override string Queue => QueueName;

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var data = ExecutionData.Of(Data);
        var call = new ResourceCall(Resource, context.InstanceId, State, context.Attempt, context.IdempotencyKey, (JsonObject)data.DeepClone(),
            Mock as JsonObject, context.Services);
        var timeout = TimeoutSeconds is > 0 ? TimeSpan.FromSeconds(TimeoutSeconds.Value) : (TimeSpan?)null;
        var outcome = await ResourceRunner.RunAsync(call, timeout, context.Time, context.TimeScale, cancellationToken).ConfigureAwait(false);
        Attempts = context.Attempt;
        if (outcome.Succeeded)
        {
            Output = outcome.Output ?? [];
            Result = ExecutionData.Merge(data, outcome.Output);
            return TaskOutcome.Completed();
        }

        var errorType = outcome.ErrorType!;
        if (RetryDelay(errorType, context.Attempt) is { } delay)
        {
            // The queue's own backoff is near zero for this module, so the state's delay is the one that applies.
            return TaskOutcome.Transient($"{errorType}: {outcome.Cause}", delay / context.TimeScale);
        }

        Error = errorType;
        Cause = outcome.Cause;
        Result = data;
        if (CatchPort(errorType) is { } port)
        {
            return TaskOutcome.Completed(port);
        }

        Failure = ExecutionData.Failure(State, errorType, outcome.Cause);
        return TaskOutcome.Completed(UncaughtPort);
    }

    /// <summary>The wait before the next attempt, or null when the retries are used up or do not cover this error type.</summary>
    private TimeSpan? RetryDelay(string errorType, int attempt)
    {
        if (Retry is not JsonObject retry || JsonNumber.Read(retry["maxAttempts"]) is not { } max || attempt >= max)
        {
            return null;
        }

        if (retry["errorTypes"] is JsonArray types && !ErrorTypes.Matches(types.Select(t => t?.ToString() ?? ""), errorType))
        {
            return null;
        }

        var interval = JsonNumber.Read(retry["intervalSeconds"]) ?? 1;
        var multiplier = JsonNumber.Read(retry["backoffMultiplier"]) ?? 2;
        return TimeSpan.FromSeconds(interval * Math.Pow(multiplier, attempt - 1));
    }

    private string? CatchPort(string errorType)
    {
        foreach (var entry in (Catch as JsonArray ?? []).OfType<JsonObject>())
        {
            if (entry["errorTypes"] is JsonArray types && ErrorTypes.Matches(types.Select(t => t?.ToString() ?? ""), errorType))
            {
                return entry["port"]?.ToString();
            }
        }

        return null;
    }
}
