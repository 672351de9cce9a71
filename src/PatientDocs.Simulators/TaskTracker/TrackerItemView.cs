namespace PatientDocs.Simulators.TaskTracker;

public sealed record TrackerItemView(
    string ItemId,
    string PatientId,
    string FirstName,
    string LastName,
    string Status,
    IReadOnlyList<string> Reports,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
