namespace PatientDocs.Engine.Alterations;

/// <summary>A run of alterations: request errors (then nothing was applied to any instance), or one result per instance.</summary>
public sealed record AlterationRun(IReadOnlyList<AlterationError> Errors, IReadOnlyList<AlterationResult> Results);
