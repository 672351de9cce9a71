using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// The start of a Parallel state: gives every branch its own copy of the data (one variable per branch) and follows every
/// branch's port at once. The branches meet at a join, and <see cref="ParallelMerge"/> ends the state.
/// </summary>
[Activity(StateLanguageModule.Namespace, "Parallel", Category = StateLanguageModule.Category, DisplayName = "Parallel",
    Description = "A state-language Parallel: runs its branches at once on copies of the data.", Ports = [], IsBrowsable = false)]
public sealed class ParallelFork : ControlActivity
{
    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The variable holding each branch's data, in branch order.")]
    public string[] BranchVariables { get; set; } = [];

    [Input(UIHint = "dynamic-outcomes", Description = "One port per branch.")]
    public string[] Outcomes { get; set; } = [];

    public override ActivityResult Execute(ActivityContext context)
    {
        foreach (var variable in BranchVariables)
        {
            context.SetVariable(variable, ExecutionData.Of(Data));
        }

        return ActivityResult.Outcomes(Outcomes);
    }
}
