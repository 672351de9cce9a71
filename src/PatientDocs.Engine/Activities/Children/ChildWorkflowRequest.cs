using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>A child instance an activity asks the runtime to start, in the same commit as the burst that asked.</summary>
/// <param name="WaitForCompletion">The activity waits for the child to finish; otherwise it resumes once the child is created.</param>
/// <param name="TaskQueue">The queue every task activity of the child runs on instead of its own; null keeps their own.</param>
public sealed record ChildWorkflowRequest(string DefinitionId, JsonObject? Input, string? CorrelationId, bool WaitForCompletion, string? TaskQueue = null);
