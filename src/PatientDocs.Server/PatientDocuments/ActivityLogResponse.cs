using PatientDocs.Engine.Runtime;

namespace PatientDocs.Server.PatientDocuments;

public sealed record ActivityLogResponse(string InstanceId, IReadOnlyList<ActivityEvent> Items, int Count);
