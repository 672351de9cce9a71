using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Flowcharts;

/// <summary>A workflow variable as declared; <see cref="Value"/> is Elsa's initial value (usually a string).</summary>
public sealed record VariableDefinition(string Id, string Name, string TypeName, JsonNode? Value);
