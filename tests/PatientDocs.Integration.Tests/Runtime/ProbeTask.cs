using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Integration.Tests.Runtime;

[Activity("Test", "Probe", Kind = ActivityKind.Task)]
public sealed class ProbeTask : TaskActivity
{
    public override string Queue => "probe";

    [Input]
    public string? Text { get; set; }

    [Output]
    public string? Echo { get; set; }

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var outcome = await context.Services.GetRequiredService<TaskProbe>().RunAsync(context, Text, cancellationToken);
        Echo = $"echo:{Text}";
        return outcome;
    }
}
