using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Engine.Tests.Support;

[Activity("Test", "Fetch", Kind = ActivityKind.Task, Category = "Test")]
public sealed class TestFetch : TaskActivity
{
    [Input]
    public string? Url { get; set; }

    [Input]
    public int Size { get; set; }

    [Output]
    public string? Body { get; set; }

    public override string Queue => "fetch";

    public override int Priority => 3;

    public override long Weight => Size;

    public override ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Body = "body of " + Url;
        return ValueTask.FromResult(TaskOutcome.Completed());
    }
}
