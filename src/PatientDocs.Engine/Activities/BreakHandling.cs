namespace PatientDocs.Engine.Activities;

/// <summary>What a container does with a Break signal rising from a descendant (Elsa's BreakSignal).</summary>
public enum BreakHandling
{
    /// <summary>Passes it on (If, Switch, Parallel, Flowchart).</summary>
    None,

    /// <summary>Marks itself breaking and passes it on (Sequence, Fork).</summary>
    Observe,

    /// <summary>Marks itself breaking and stops it: the nearest loop ends (ForEach, While, For).</summary>
    Stop,
}
