using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Definitions;

public sealed record SaveWorkflowDefinitionResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount);
