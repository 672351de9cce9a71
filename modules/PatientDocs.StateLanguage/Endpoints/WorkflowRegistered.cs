namespace PatientDocs.StateLanguage.Endpoints;

/// <summary><c>POST /workflows</c>'s 201 body.</summary>
public sealed record WorkflowRegistered(string Name, string Version);
