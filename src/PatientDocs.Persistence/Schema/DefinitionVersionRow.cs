namespace PatientDocs.Persistence.Schema;

/// <summary>One version of a workflow definition; <see cref="Json"/> is the source of truth, the other columns are for queries.</summary>
public sealed class DefinitionVersionRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Json { get; set; } = "";
}
