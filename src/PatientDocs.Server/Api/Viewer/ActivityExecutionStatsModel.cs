using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Execution counts of one node; they drive the count badges on the viewer's canvas.</summary>
public sealed record ActivityExecutionStatsModel(
    string ActivityId,
    string ActivityNodeId,
    long StartedCount,
    long CompletedCount,
    long UncompletedCount,
    bool IsBlocked,
    bool IsFaulted,
    JsonObject Metadata)
{
    /// <summary>Aggregates the executions of one node.</summary>
    public static ActivityExecutionStatsModel From(string activityNodeId, IReadOnlyList<ActivityExecutionRecord> executions)
    {
        var completed = executions.Count(e => e.CompletedAt is not null || e.Status != ActivityExecutionStatus.Running);
        return new ActivityExecutionStatsModel(
            executions[0].ActivityId,
            activityNodeId,
            executions.Count,
            completed,
            executions.Count - completed,
            executions.Any(e => e.HasBookmarks && e.Status == ActivityExecutionStatus.Running),
            executions.Any(e => e.Status == ActivityExecutionStatus.Faulted),
            []);
    }
}
