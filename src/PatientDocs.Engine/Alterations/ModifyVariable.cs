using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Alterations;

/// <summary>Sets a workflow variable (by id or name) to a value.</summary>
public sealed record ModifyVariable(string VariableId, JsonNode? Value) : Alteration
{
    public override string Type => "ModifyVariable";
}
