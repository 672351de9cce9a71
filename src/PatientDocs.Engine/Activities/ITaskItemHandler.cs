using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>Runs the items of a fan-out on one queue (for example one file conversion).</summary>
public interface ITaskItemHandler
{
    string Queue { get; }

    ValueTask<TaskOutcome> RunAsync(TaskContext context, JsonObject input, CancellationToken cancellationToken);
}
