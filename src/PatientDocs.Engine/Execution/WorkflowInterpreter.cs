using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Runs one burst of a flowchart: from the stimulus until all scheduled work completes or waits on bookmarks.
/// Pure with respect to storage: state in, state and side effects out. Never throws for workflow errors; they become incidents.
/// </summary>
public sealed class WorkflowInterpreter
{
    /// <param name="instanceId">The instance's id (part of every idempotency key).</param>
    /// <param name="definition">The definition version the instance runs on.</param>
    /// <param name="stateJson">The previous snapshot; null when the stimulus is a start.</param>
    /// <param name="stimulus">Why this burst runs.</param>
    public BurstResult Run(string instanceId, WorkflowDefinition definition, string? stateJson, Stimulus stimulus) =>
        throw new NotImplementedException();
}
