namespace PatientDocs.StateLanguage.Compiling;

/// <summary>What a compiled activity is to the execution view.</summary>
public enum StepRole
{
    /// <summary>The activity of one state: each of its executions is one step.</summary>
    State,

    /// <summary>The end of a Parallel state (after its join): its completion ends the Parallel's step and holds its output.</summary>
    ParallelMerge,

    /// <summary>The compensation task: its output lists the compensations it ran, each one a step of type Compensation.</summary>
    Compensate,
}
