using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>A task whose call ignores cancellation, as a stuck client would: it answers only when the probe's hold ends.</summary>
[Activity("Test", "Sluggish", Kind = ActivityKind.Task)]
public sealed class SluggishTask : TaskActivity
{
    public const string QueueName = "sluggish";

    public override string Queue => QueueName;

    /// <summary>The activity's own start-to-close timeout in milliseconds, overriding the queue's.</summary>
    [Input]
    public int? TimeoutMs { get; set; }

    public override TimeSpan? StartToCloseTimeout => TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    // CancellationToken.None: the call goes on after the worker gave up on it, so its late answer can be observed.
    public override ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
        context.Services.GetRequiredService<TaskProbe>().RunAsync(context, null, CancellationToken.None);
}
