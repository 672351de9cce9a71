namespace PatientDocs.Persistence.Schema;

/// <summary>One row per schedule trigger (definition and activity): the version it is armed for and its last tick.</summary>
public sealed class ScheduleRow
{
    public string ScheduleKey { get; set; } = "";

    public string DefinitionVersionId { get; set; } = "";

    public DateTimeOffset LastDueAt { get; set; }
}
