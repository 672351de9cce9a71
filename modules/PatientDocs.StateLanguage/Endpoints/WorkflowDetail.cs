using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary><c>GET /workflows/{name}</c>: a version as registered, its states in the language's JSON form.</summary>
public sealed record WorkflowDetail(string Name, string Version, string StartAt, JsonNode? States, DateTimeOffset RegisteredAt);
