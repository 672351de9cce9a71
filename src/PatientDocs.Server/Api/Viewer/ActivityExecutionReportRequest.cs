namespace PatientDocs.Server.Api.Viewer;

/// <summary>Body of <c>POST /activity-executions/report</c>: the nodes the viewer shows.</summary>
public sealed record ActivityExecutionReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);
