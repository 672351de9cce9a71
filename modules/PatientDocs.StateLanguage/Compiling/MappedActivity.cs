namespace PatientDocs.StateLanguage.Compiling;

/// <summary>
/// A compiled activity's place in the state machine: the state it runs (for a merge, the Parallel it ends), that state's
/// type, and the index of the branch it is in (innermost), if any.
/// </summary>
public sealed record MappedActivity(string State, string Type, StepRole Role = StepRole.State, int? Branch = null);
