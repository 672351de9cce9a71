namespace PatientDocs.StateLanguage.Compiling;

/// <summary>
/// Kept in the compiled definition's <c>customProperties.stateLanguage</c>: the workflow's name and version as written, and
/// which engine activity runs which state, so an execution's steps are read from the engine's own activity executions.
/// Activities not listed (the input copy, joins, the end) are not steps.
/// </summary>
public sealed record StateMap(string Name, string Version, IReadOnlyDictionary<string, MappedActivity> Activities);
