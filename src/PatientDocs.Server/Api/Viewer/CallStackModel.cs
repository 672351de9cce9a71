namespace PatientDocs.Server.Api.Viewer;

/// <summary>
/// Answer of <c>GET /activity-executions/{id}/call-stack</c>. Our flowcharts do not nest workflows, so the stack is the
/// execution itself.
/// </summary>
public sealed record CallStackModel(string ActivityExecutionId, IReadOnlyList<ActivityExecutionModel> Items, long TotalCount);
