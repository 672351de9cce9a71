using System.Text.Json;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Runs one burst of a flowchart: from the stimulus until all scheduled work completes or waits on bookmarks.
/// Pure with respect to storage: state in, state and side effects out. Never throws for workflow errors; they become incidents.
/// </summary>
public sealed class WorkflowInterpreter
{
    private readonly ActivityRegistry registry;
    private readonly TimeProvider time;
    private readonly WorkflowEngineOptions options;
    private readonly ExpressionEvaluator evaluator;

    public WorkflowInterpreter(ActivityRegistry registry, TimeProvider time, WorkflowEngineOptions? options = null)
    {
        this.registry = registry;
        this.time = time;
        this.options = options ?? new WorkflowEngineOptions();
        this.options.Validate();
        evaluator = new ExpressionEvaluator(this.options.JavaScript, this.options.Liquid, time);
    }

    public WorkflowEngineOptions Options => options;

    /// <param name="instanceId">The instance's id (part of every idempotency key).</param>
    /// <param name="definition">The definition version the instance runs on.</param>
    /// <param name="stateJson">The previous snapshot; null when the stimulus is a start.</param>
    /// <param name="stimulus">Why this burst runs.</param>
    /// <param name="unpublishedDefinitions">Definition ids known to have no published version: dispatching one without waiting faults.</param>
    public BurstResult Run(string instanceId, WorkflowDefinition definition, string? stateJson, Stimulus stimulus, IReadOnlySet<string>? unpublishedDefinitions = null)
    {
        var model = WorkflowModel.For(definition);
        var info = WorkflowDefinitionInfo.Of(definition);
        InstanceState state;
        if (stimulus is StartStimulus)
        {
            if (stateJson is not null)
            {
                return IgnoredWith(stateJson, "The instance has already started.");
            }

            state = new InstanceState { Id = instanceId, DefinitionId = info.DefinitionId, DefinitionVersionId = info.VersionId, DefinitionVersion = info.Version };
        }
        else
        {
            if (stateJson is null)
            {
                return IgnoredWith(null, "The instance has no state; start it first.");
            }

            try
            {
                state = JsonSerializer.Deserialize<InstanceState>(stateJson, InstanceState.Json) ?? throw new JsonException("empty state");
            }
            catch (JsonException e)
            {
                return IgnoredWith(stateJson, $"The instance state could not be read: {e.Message}");
            }
        }

        var burst = new Burst(registry, evaluator, options, time, model, info, state) { UnpublishedDefinitions = unpublishedDefinitions ?? new HashSet<string>() };
        // An alteration may re-open a finished instance; nothing else touches one.
        if (state.Status == WorkflowStatus.Finished && stimulus is not (StartStimulus or AlterStimulus))
        {
            return burst.Ignore($"The instance is already finished ({state.SubStatus}).");
        }

        return stimulus switch
        {
            StartStimulus start => burst.Start(start),
            ResumeStimulus resume => burst.Resume(resume),
            CancelStimulus => burst.Cancel(),
            RetryStimulus => burst.Retry(),
            AlterStimulus alter => burst.Alter(alter),
            TimeoutStimulus timeout => burst.TimeOut(timeout),
            _ => burst.Ignore($"Unknown stimulus {stimulus.GetType().Name}."),
        };
    }

    private static BurstResult IgnoredWith(string? stateJson, string reason) => new()
    {
        StateJson = stateJson ?? "{}",
        Status = WorkflowStatus.Running,
        SubStatus = WorkflowSubStatus.Pending,
        Ignored = true,
        IgnoredReason = reason,
    };
}
