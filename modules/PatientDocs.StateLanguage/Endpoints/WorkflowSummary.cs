namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>One item of <c>GET /workflows</c>.</summary>
public sealed record WorkflowSummary(string Name, string Version, string StartAt, int StateCount);
