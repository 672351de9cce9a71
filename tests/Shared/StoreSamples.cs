using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Testing;

/// <summary>Rows for the store tests. Times are whole milliseconds: the SQL stores keep millisecond precision.</summary>
internal static class StoreSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static WorkflowDefinition Definition(string definitionId, int version, bool isLatest, bool isPublished, string? name = null) =>
        new(new JsonObject
        {
            ["id"] = $"{definitionId}-v{version}",
            ["definitionId"] = definitionId,
            ["version"] = version,
            ["isLatest"] = isLatest,
            ["isPublished"] = isPublished,
            ["name"] = name ?? definitionId,
            ["createdAt"] = T0.AddMinutes(version).ToString("O"),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["activities"] = new JsonArray() },
        });

    public static InstanceRecord Instance(string id, DateTimeOffset createdAt, string definitionId = "def", WorkflowSubStatus subStatus = WorkflowSubStatus.Pending, string? correlationId = null) => new()
    {
        Id = id,
        DefinitionId = definitionId,
        DefinitionVersionId = $"{definitionId}-v1",
        Version = 1,
        CorrelationId = correlationId,
        Status = subStatus is WorkflowSubStatus.Finished or WorkflowSubStatus.Cancelled or WorkflowSubStatus.Faulted ? WorkflowStatus.Finished : WorkflowStatus.Running,
        SubStatus = subStatus,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        State = "{\"v\":1}",
    };

    public static WorkItemRecord WorkItem(string id, string instanceId, DateTimeOffset availableAt, WorkItemKind kind = WorkItemKind.Start) => new()
    {
        Id = id,
        InstanceId = instanceId,
        Kind = kind,
        AvailableAt = availableAt,
        CreatedAt = availableAt,
    };

    public static TaskRecord Task(string id, string queue, DateTimeOffset createdAt, int priority = 0, long weight = 0, string instanceId = "i-tasks", string? groupId = null) => new()
    {
        Id = id,
        Queue = queue,
        Handler = "Test.Handler",
        InstanceId = instanceId,
        ActivityId = "activity",
        IdempotencyKey = $"{instanceId}:{id}",
        BookmarkId = $"bm-{id}",
        GroupId = groupId,
        Priority = priority,
        Weight = weight,
        State = TaskState.Pending,
        NotBefore = createdAt,
        Input = "{}",
        CreatedAt = createdAt,
    };

    public static ClaimRequest Claim(DateTimeOffset now, string owner, int maxTasks, params string[] queues) => new()
    {
        Queues = queues,
        Owner = owner,
        Now = now,
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxTasks = maxTasks,
    };

    /// <summary>The most times any half-open interval [t, t + window) holds (the simulators' rule for a sliding window).</summary>
    public static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var max = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] < sorted[start] + window)
            {
                end++;
            }

            max = Math.Max(max, end - start);
        }

        return max;
    }
}
