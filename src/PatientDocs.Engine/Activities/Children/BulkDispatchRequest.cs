namespace PatientDocs.Engine.Activities.Children;

/// <summary>The child instances a bulk dispatch asks the runtime to start, one per item, in the commit of the burst that asked.</summary>
/// <param name="WaitForCompletion">The activity waits until every child has finished; otherwise it completes once they are created.</param>
/// <param name="TaskQueue">The queue every task activity of the children runs on instead of its own; null keeps their own.</param>
public sealed record BulkDispatchRequest(string DefinitionId, IReadOnlyList<BulkChild> Children, bool WaitForCompletion, string? TaskQueue);
