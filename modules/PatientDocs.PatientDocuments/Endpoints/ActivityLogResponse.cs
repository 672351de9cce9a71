namespace PatientDocs.PatientDocuments.Endpoints;

public sealed record ActivityLogResponse(string InstanceId, IReadOnlyList<ActivityLogLine> Items, int Count);
