using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>A container: its body flowchart runs once per item, all at once; it completes when every run has.</summary>
[Activity("Elsa", "ParallelForEach", Category = "Looping", DisplayName = "Parallel For Each", Description = "Runs its body for each item in parallel.", IsContainer = true)]
public sealed class ParallelForEach : ControlActivity
{
    [Input(UIHint = "multitext")]
    public JsonNode? Items { get; set; }

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}
