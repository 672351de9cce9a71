using PatientDocs.Engine.Activities.Children;

namespace PatientDocs.Engine.Execution;

/// <summary>A child instance the burst asked for, with the id chosen for it (its parent's bookmark is named after it).</summary>
public sealed record ChildStart(string InstanceId, string ActivityId, ChildWorkflowRequest Request);
