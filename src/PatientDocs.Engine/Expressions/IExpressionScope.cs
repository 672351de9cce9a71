using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Expressions;

/// <summary>What an expression may read and write: the instance's identity, variables, workflow input and earlier activity outputs.</summary>
internal interface IExpressionScope
{
    string InstanceId { get; }

    /// <summary>Settable from a script (Elsa's <c>setCorrelationId</c>); the burst's result carries it to the instance.</summary>
    string? CorrelationId { get; set; }

    string WorkflowDefinitionId { get; }
    string WorkflowDefinitionVersionId { get; }
    int WorkflowDefinitionVersion { get; }
    JsonObject WorkflowInput { get; }

    /// <summary>The inputs the definition declares (each gets an accessor even when no value was passed).</summary>
    IReadOnlyList<string> WorkflowInputNames { get; }

    /// <summary>Variable values by name (a copy is fine: changes go through <see cref="SetVariable"/>).</summary>
    JsonObject VariablesByName { get; }
    JsonNode? GetVariable(string nameOrId);
    void SetVariable(string nameOrId, JsonNode? value);
    bool HasActivity(string activityIdOrName);
    JsonNode? GetOutputFrom(string activityIdOrName, string? outputName);
    JsonNode? LastResult { get; }
}
