using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>Body of <c>POST /workflow-definitions</c>: Save sends publish false, Publish sends true, Create sends null.</summary>
public sealed record SaveWorkflowDefinitionRequest(JsonObject? Model, bool? Publish);
