using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>
/// Compiles a validated state machine to one Elsa flowchart the engine runs and Studio draws (token-based, so a state runs
/// whenever a transition reaches it, as a state machine does). Each state is one activity whose id is the state's name
/// (branch states are prefixed with their Parallel's id and branch); the data is a variable (one per branch), each step
/// reading it as an input and writing it back through an output binding. Around the states: the input copy at the start,
/// an End per way of succeeding, and one failure path (a WaitAny join that every Fail state and uncaught error reaches,
/// then the compensations, then the failed End). The <see cref="StateMap"/> in customProperties maps activities to states.
/// </summary>
public static partial class StateMachineCompiler
{
    public const string DataVariable = "data";
    public const string FailureVariable = "failure";
    public const string InputId = "__input";
    public const string FailureId = "__failure";
    public const string CompensateId = "__compensate";
    public const string FailedEndId = "__failed";

    /// <param name="queueOf">The queue a resource's Task runs on; null runs every one on the module's queue.</param>
    public static WorkflowDefinition Compile(StateMachine machine, Func<string, string>? queueOf = null)
    {
        var compiler = new Compilation(machine, queueOf ?? (_ => StateLanguageModule.Queue));
        var root = compiler.Run();
        var stateCount = machine.States.Count;
        var json = new JsonObject
        {
            ["id"] = "",
            ["definitionId"] = StateLanguageModule.DefinitionIdPrefix + machine.Name,
            ["name"] = machine.Name,
            ["description"] = $"State-language workflow {machine.Name} {machine.Version} ({stateCount} states), compiled from its definition: register a new version through POST /workflows to change it.",
            ["version"] = 1,
            ["toolVersion"] = "3.8.0.0",
            ["variables"] = compiler.Flow.Variables(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject
            {
                ["flowchartExecutionMode"] = "TokenBased",
                [StateLanguageModule.StateMapProperty] = new StateMap(machine.Name, machine.Version, compiler.Flow.Map).ToJson(),
            },
            ["isReadonly"] = true,
            ["isSystem"] = false,
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["materializerName"] = "Json",
            ["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false },
            ["root"] = root,
        };
        return new WorkflowDefinition(json);
    }
}
