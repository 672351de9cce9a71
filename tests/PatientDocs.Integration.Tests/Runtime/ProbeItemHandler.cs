using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class ProbeItemHandler : ITaskItemHandler
{
    public string Queue => "items";

    public ValueTask<TaskOutcome> RunAsync(TaskContext context, JsonObject input, CancellationToken cancellationToken) =>
        context.Services.GetRequiredService<TaskProbe>().RunAsync(context, input["n"]?.ToJsonString(), cancellationToken);
}
