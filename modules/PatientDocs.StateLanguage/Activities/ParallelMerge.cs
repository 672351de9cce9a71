using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// The end of a Parallel state, after every branch has reached its end: the branches' final data, in branch order, is the
/// state's output and is merged into the data under the state's name.
/// </summary>
[Activity(StateLanguageModule.Namespace, "ParallelMerge", Category = StateLanguageModule.Category, DisplayName = "Merge branches",
    Description = "Ends a state-language Parallel: merges the branches' data under the state's name.", IsBrowsable = false)]
public sealed class ParallelMerge : ControlActivity
{
    [Input(Description = "The Parallel state's name.")]
    public string State { get; set; } = "";

    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The variable holding each branch's data, in branch order.")]
    public string[] BranchVariables { get; set; } = [];

    [Output(Description = "Each branch's final data, in branch order.")]
    public JsonArray? Branches { get; set; }

    [Output(Description = "The execution's data after this step.")]
    public JsonObject? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        Branches = new JsonArray(BranchVariables.Select(v => (JsonNode?)ExecutionData.Of(context.GetVariable(v))).ToArray());
        Result = ExecutionData.Merge(Data, new JsonObject { [State] = Branches.DeepClone() });
        return ActivityResult.Done();
    }
}
