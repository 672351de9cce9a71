using PatientDocs.Engine.Activities;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>A task whose first attempt fails transiently and whose second completes: one counted retry.</summary>
[Activity("Test", "RetryOnce", Kind = ActivityKind.Task)]
public sealed class RetryOnceTask : TaskActivity
{
    public override string Queue => "progress-test";

    public override ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Attempt <= 1 ? TaskOutcome.Transient("first attempt fails") : TaskOutcome.Completed());
}
