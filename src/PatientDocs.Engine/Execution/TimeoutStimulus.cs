namespace PatientDocs.Engine.Execution;

/// <summary>The workflow-level timeout fell due: the instance ends faulted as TimedOut (a no-op once it has finished).</summary>
public sealed record TimeoutStimulus(TimeSpan? Timeout) : Stimulus;
