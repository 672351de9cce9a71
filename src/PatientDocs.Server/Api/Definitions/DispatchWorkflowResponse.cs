namespace PatientDocs.Server.Api.Definitions;

public sealed record DispatchWorkflowResponse(string WorkflowInstanceId);
