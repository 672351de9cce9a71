using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Fans out <see cref="Count"/> items on the "items" queue and reports the group's counts as its output.</summary>
[Activity("Test", "FanOutProbe", Kind = ActivityKind.Task)]
public sealed class FanOutProbeTask : TaskActivity
{
    public override string Queue => "probe";

    [Input]
    public int Count { get; set; }

    [Output]
    public string? Summary { get; set; }

    public override ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Summary = "fanned";
        var items = Enumerable.Range(0, Count).Select(i => new TaskItem($"file{i}", new JsonObject { ["n"] = i }, Weight: 1)).ToList();
        return ValueTask.FromResult(TaskOutcome.FanOut("items", items));
    }

    public override TaskOutcome OnGroupCompleted(TaskGroupResult result)
    {
        Summary = $"{Summary}:{result.Succeeded}/{result.Total}";
        return base.OnGroupCompleted(result);
    }
}
