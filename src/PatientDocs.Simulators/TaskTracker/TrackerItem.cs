namespace PatientDocs.Simulators.TaskTracker;

/// <summary>A TaskTracker item; guarded by the simulator's lock.</summary>
internal sealed class TrackerItem(string itemId, string patientId, string firstName, string lastName, DateTimeOffset createdAt)
{
    public string ItemId { get; } = itemId;

    public string PatientId { get; } = patientId;

    public string FirstName { get; } = firstName;

    public string LastName { get; } = lastName;

    public string Status { get; set; } = "open";

    public List<string> Reports { get; } = [];

    public HashSet<string> ReportKeys { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public TrackerItemView View() =>
        new(ItemId, PatientId, FirstName, LastName, Status, [.. Reports], CreatedAt, UpdatedAt);
}
