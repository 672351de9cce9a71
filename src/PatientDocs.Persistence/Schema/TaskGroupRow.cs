namespace PatientDocs.Persistence.Schema;

public sealed class TaskGroupRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string BookmarkId { get; set; } = "";
    public string ParentTaskId { get; set; } = "";
    public int Total { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public string? FirstError { get; set; }
    public string ActivityState { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
