using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>An in-memory store whose activity log is filled the way the runtime fills it: lines committed with a burst.</summary>
public sealed class CommittedLines
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _instanceId;
    private LeasedInstance? _leased;
    private int _next;

    public CommittedLines(string instanceId = "i1") => _instanceId = instanceId;

    public InMemoryWorkflowStore Store { get; } = new();

    /// <summary>Commits <paramref name="count"/> lines in one burst and, unless told not to, numbers them; returns the highest number.</summary>
    public async Task<long> CommitAsync(int count, bool number = true)
    {
        if (_leased is null)
        {
            var instance = new InstanceRecord
            {
                Id = _instanceId,
                DefinitionId = "def",
                DefinitionVersionId = "def-v1",
                Version = 1,
                Status = WorkflowStatus.Running,
                SubStatus = WorkflowSubStatus.Executing,
                CreatedAt = T0,
                UpdatedAt = T0,
                State = "{}",
            };
            await Store.CreateInstancesAsync([instance], [new WorkItemRecord { Id = "w1", InstanceId = _instanceId, Kind = WorkItemKind.Start, AvailableAt = T0, CreatedAt = T0 }]);
            _leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromDays(1), 1));
        }

        var lines = Enumerable.Range(0, count).Select(_ => Line(++_next)).ToList();
        await Store.CommitBurstAsync(new BurstCommit { Instance = _leased.Instance, LeaseOwner = "node-a", ActivityLog = lines, ReleaseLease = false });
        return await Store.SequenceActivityLogAsync(number ? int.MaxValue : 0);
    }

    /// <summary>The n-th line committed: a start or finish with quotes, commas and a newline escaped in its JSON.</summary>
    public ActivityEvent Line(int n) => new(
        n % 2 == 1 ? "Started" : "Completed",
        T0.AddMilliseconds(n),
        _instanceId,
        $"act-{(n + 1) / 2}",
        "PatientDocs.GetPatient",
        $"Get patient, step \"{(n + 1) / 2}\"",
        "{\"patientId\":\"P1\",\"note\":\"a, \\\"b\\\"\\nc\"}",
        n % 2 == 1 ? null : "{\"found\":true}",
        $"exec-{(n + 1) / 2}");
}
