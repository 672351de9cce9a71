using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>A child instance an activity asks the runtime to start, in the same commit as the burst that asked.</summary>
/// <param name="WaitForCompletion">The activity waits for the child to finish; otherwise it resumes once the child is created.</param>
public sealed record ChildWorkflowRequest(string DefinitionId, JsonObject? Input, string? CorrelationId, bool WaitForCompletion);
