using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>Body of execute and dispatch; Studio's Run button sends versionOptions "Latest".</summary>
public sealed record ExecuteWorkflowRequest(string? CorrelationId, string? TriggerActivityId, string? VersionOptions, JsonObject? Input);
