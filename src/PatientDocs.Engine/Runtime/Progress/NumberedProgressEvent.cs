namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>An event of one instance's stream with its id there: 1, 2, 3, … in position order, no gaps.</summary>
public sealed record NumberedProgressEvent(long Id, ProgressEvent Event);
