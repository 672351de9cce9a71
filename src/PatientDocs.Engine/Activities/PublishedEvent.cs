using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <param name="IsLocal">Delivered to the publishing instance only (no other instance, no trigger).</param>
public sealed record PublishedEvent(string EventName, string? CorrelationId, bool IsLocal, JsonNode? Payload);
