namespace PatientDocs.Engine.Validation;

/// <summary>One problem found on publish; <paramref name="ActivityId"/> is null for workflow-level problems.</summary>
public sealed record ValidationError(string? ActivityId, string Message);
