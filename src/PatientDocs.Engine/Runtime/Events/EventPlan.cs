using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Events;

/// <param name="Resumed">How many bookmarks the event resumes.</param>
/// <param name="Instances">Instances the event starts (its triggers); their start items are in <paramref name="Items"/>.</param>
/// <param name="Items">Resume items of the bookmarks, then start items of the new instances.</param>
internal sealed record EventPlan(int Resumed, IReadOnlyList<InstanceRecord> Instances, IReadOnlyList<WorkItemRecord> Items);
