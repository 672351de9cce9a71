using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Expressions;

/// <summary>What an expression may read and write: variables, workflow input and earlier activity outputs.</summary>
internal interface IExpressionScope
{
    string InstanceId { get; }
    string? CorrelationId { get; }
    JsonObject WorkflowInput { get; }

    /// <summary>Variable values by name (a copy is fine: changes go through <see cref="SetVariable"/>).</summary>
    JsonObject VariablesByName { get; }
    JsonNode? GetVariable(string nameOrId);
    void SetVariable(string nameOrId, JsonNode? value);
    JsonNode? GetOutputFrom(string activityIdOrName, string? outputName);
    JsonNode? LastResult { get; }
}
