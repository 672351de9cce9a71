namespace PatientDocs.Engine.Flowcharts;

/// <summary>
/// Elsa's two flowchart schedulers. CounterBased is the default. A definition selects TokenBased with
/// <c>customProperties.flowchartExecutionMode = "TokenBased"</c> (on the definition or on its root flowchart);
/// <see cref="Execution.WorkflowEngineOptions.ExecutionModeOverride"/> overrides both.
/// </summary>
public enum FlowchartExecutionMode
{
    CounterBased,
    TokenBased,
}
