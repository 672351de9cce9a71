namespace PatientDocs.Server.Triggers;

public sealed record TriggerStartedResponse(string InstanceId);
