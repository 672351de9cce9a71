using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Events;

public sealed record PublishEventRequest(string? CorrelationId, JsonNode? Payload);
