using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>One workflow variable of an instance with its current value.</summary>
public sealed record ResolvedVariableModel(string Id, string Name, string? TypeName, JsonNode? Value);
