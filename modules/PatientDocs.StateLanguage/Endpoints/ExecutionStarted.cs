namespace PatientDocs.StateLanguage.Endpoints;

/// <summary><c>POST /workflow-executions</c>'s body, the same on the idempotent 200 as on the 201.</summary>
public sealed record ExecutionStarted(string ExecutionId, string Status);
