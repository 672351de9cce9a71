namespace PatientDocs.Server.Api.Viewer;

/// <summary>Body of <c>POST /workflow-instances/{id}/journal</c>.</summary>
public sealed record JournalRequest(JournalFilterModel? Filter);
