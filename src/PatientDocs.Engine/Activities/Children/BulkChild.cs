using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>One child of a bulk dispatch: its input and correlation id.</summary>
public sealed record BulkChild(JsonObject Input, string? CorrelationId);
