namespace PatientDocs.Simulators.TaskTracker;

public sealed record TrackerItemList(IReadOnlyList<TrackerItemView> Items);
