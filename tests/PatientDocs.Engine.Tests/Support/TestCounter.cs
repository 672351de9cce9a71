using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.Engine.Tests.Support;

/// <summary>Adds one to a variable and leaves through Again until it reaches Limit, then through Exit (a cheap loop body).</summary>
[Activity("Test", "Counter", Category = "Test", Ports = ["Again", "Exit"])]
public sealed class TestCounter : ControlActivity
{
    [Input]
    public int Limit { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        var next = (context.GetVariable("Count")?.GetValue<long>() ?? 0) + 1;
        context.SetVariable("Count", JsonValue.Create(next));
        return ActivityResult.Outcomes(next < Limit ? "Again" : "Exit");
    }
}
