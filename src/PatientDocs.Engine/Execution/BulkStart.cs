using PatientDocs.Engine.Activities.Children;

namespace PatientDocs.Engine.Execution;

/// <summary>A bulk dispatch the burst asked for: its children's ids (deterministic) and the one bookmark they all resume.</summary>
public sealed record BulkStart(string BookmarkId, string ActivityId, BulkDispatchRequest Request, IReadOnlyList<string> ChildIds);
