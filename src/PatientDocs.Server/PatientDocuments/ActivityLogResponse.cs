namespace PatientDocs.Server.PatientDocuments;

public sealed record ActivityLogResponse(string InstanceId, IReadOnlyList<ActivityLogLine> Items, int Count);
