namespace PatientDocs.Engine.Execution;

/// <summary>
/// The workflow-level timeout fell due: the instance ends faulted as TimedOut (a no-op once it has finished). <paramref name="Reopenings"/>
/// is how often the instance had been re-opened when the timeout was armed: one armed before a later re-opening is stale.
/// </summary>
public sealed record TimeoutStimulus(TimeSpan? Timeout, int Reopenings = 0) : Stimulus;
