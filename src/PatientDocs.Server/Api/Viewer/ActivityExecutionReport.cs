namespace PatientDocs.Server.Api.Viewer;

/// <summary>Answer of <c>POST /activity-executions/report</c>.</summary>
public sealed record ActivityExecutionReport(IReadOnlyList<ActivityExecutionStatsModel> Stats);
