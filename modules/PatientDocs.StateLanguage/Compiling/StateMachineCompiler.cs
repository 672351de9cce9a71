using PatientDocs.Engine.Definitions;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>Compiles a validated state machine to an Elsa flowchart definition the engine runs and Studio draws.</summary>
public static class StateMachineCompiler
{
    public static WorkflowDefinition Compile(StateMachine machine) => throw new NotImplementedException();
}
