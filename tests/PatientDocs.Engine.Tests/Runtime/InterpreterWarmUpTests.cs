using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;

namespace PatientDocs.Engine.Tests.Runtime;

/// <summary>The start-up warm-up runs every part it is meant to warm: a workflow that faulted early would warm little.</summary>
public sealed class InterpreterWarmUpTests
{
    [Fact]
    public void WarmUp_RunsItsWorkflowToTheEnd_ThroughJavaScriptLiquidTheIfTheSequenceAndTheLoop()
    {
        var (_, result) = InterpreterWarmUp.Run(new Harness().Interpreter);

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (result.Status, result.SubStatus, result.IncidentCount));
        var variables = JsonNode.Parse(result.StateJson)!["variables"]!;
        Assert.Equal(8, variables["Total"]!.GetValue<int>());
        Assert.Equal("7 items", variables["Text"]!.GetValue<string>());
        Assert.Contains(result.Journal, j => j is { ActivityId: "inner", EventName: "Completed" });
    }
}
