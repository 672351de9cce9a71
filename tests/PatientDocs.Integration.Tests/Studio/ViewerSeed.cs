using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

/// <summary>
/// Writes a finished instance with journal and executions straight into the store, as a burst would. Its work item is due
/// far in the future, so the server's own workers never pick it up.
/// </summary>
internal static class ViewerSeed
{
    public static readonly DateTimeOffset Started = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static async Task<string> FinishedInstanceAsync(ServerFactory factory, string definitionId, string definitionVersionId)
    {
        var store = factory.Services.GetRequiredService<IWorkflowStore>();
        var instanceId = "inst-" + Guid.NewGuid().ToString("N")[..12];
        var farFuture = new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var instance = new InstanceRecord
        {
            Id = instanceId,
            DefinitionId = definitionId,
            DefinitionVersionId = definitionVersionId,
            Version = 1,
            Name = "Seeded",
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Pending,
            CreatedAt = Started,
            UpdatedAt = Started,
            State = "{}",
        };
        var workItem = new WorkItemRecord { Id = instanceId + "-start", InstanceId = instanceId, Kind = WorkItemKind.Start, AvailableAt = farFuture, CreatedAt = Started };
        await store.CreateInstancesAsync([instance], [workItem]);
        var owner = "seed-" + instanceId;
        var leased = await store.LeaseRunnableInstancesAsync(owner, farFuture, TimeSpan.FromMinutes(5), 100);
        Assert.Contains(leased, l => l.Instance.Id == instanceId);

        await store.CommitBurstAsync(new BurstCommit
        {
            Instance = instance with
            {
                Status = WorkflowStatus.Finished,
                SubStatus = WorkflowSubStatus.Finished,
                UpdatedAt = Started.AddSeconds(2),
                FinishedAt = Started.AddSeconds(2),
                State = """{"variables":{"greeting":"hello"}}""",
            },
            LeaseOwner = owner,
            ConsumedWorkItemIds = [workItem.Id],
            Journal =
            [
                Journal(instanceId, "j1", "start1", "Elsa.Start", "Started", 1),
                Journal(instanceId, "j2", "start1", "Elsa.Start", "Completed", 2),
                Journal(instanceId, "j3", "write1", "Elsa.WriteLine", "Started", 3),
                Journal(instanceId, "j4", "write1", "Elsa.WriteLine", "Completed", 4),
            ],
            ActivityExecutions =
            [
                Execution(instanceId, "x1", "start1", "Elsa.Start", ActivityExecutionStatus.Completed),
                Execution(instanceId, "x2", "write1", "Elsa.WriteLine", ActivityExecutionStatus.Completed),
            ],
        });

        // Every other instance the server owns must stay untouched by the seed's far-future lease.
        foreach (var other in leased.Where(l => l.Instance.Id != instanceId))
        {
            await store.CommitBurstAsync(new BurstCommit { Instance = other.Instance, LeaseOwner = owner });
        }

        return instanceId;
    }

    public static string NodeId(string activityId) => "Workflow1:flow1:" + activityId;

    private static JournalRecord Journal(string instanceId, string id, string activityId, string type, string eventName, long sequence) => new()
    {
        Id = instanceId + "-" + id,
        InstanceId = instanceId,
        ActivityInstanceId = instanceId + "-x-" + activityId,
        ActivityId = activityId,
        ActivityType = type,
        ActivityName = activityId,
        NodeId = NodeId(activityId),
        Timestamp = Started.AddSeconds(sequence),
        Sequence = sequence,
        EventName = eventName,
        Payload = eventName == "Completed" ? """{"outcomes":["Done"]}""" : null,
    };

    private static ActivityExecutionRecord Execution(string instanceId, string id, string activityId, string type, ActivityExecutionStatus status) => new()
    {
        Id = instanceId + "-" + id,
        InstanceId = instanceId,
        ActivityId = activityId,
        ActivityNodeId = NodeId(activityId),
        ActivityType = type,
        ActivityName = activityId,
        StartedAt = Started,
        CompletedAt = Started.AddSeconds(1),
        Status = status,
        ActivityState = """{"text":"hello"}""",
        Outputs = "{}",
    };
}
