namespace PatientDocs.Engine.Alterations;

/// <summary>What became of the alterations on one instance (Elsa's RunAlterationsResult).</summary>
/// <param name="WorkflowInstanceId">The instance altered.</param>
/// <param name="IsSuccessful">True when applied (or queued for the node that holds the instance); false when refused or unknown.</param>
/// <param name="WorkflowHasScheduledWork">True when the instance has work to run or wait for after the alterations.</param>
/// <param name="Log">What was done, or why not.</param>
public sealed record AlterationResult(string WorkflowInstanceId, bool IsSuccessful, bool WorkflowHasScheduledWork, IReadOnlyList<AlterationLogEntry> Log);
