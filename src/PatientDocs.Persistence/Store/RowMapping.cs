using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

/// <summary>Records to rows and back; timestamps lose sub-millisecond precision on the way in.</summary>
internal static class RowMapping
{
    public static DefinitionVersionRow ToRow(WorkflowDefinition d) => new()
    {
        Id = d.Id,
        DefinitionId = d.DefinitionId,
        Version = d.Version,
        IsLatest = d.IsLatest,
        IsPublished = d.IsPublished,
        Name = d.Name,
        CreatedAt = d.CreatedAt,
        Json = d.ToJsonString(),
    };

    public static WorkflowDefinition ToDefinition(DefinitionVersionRow r) => WorkflowDefinition.Parse(r.Json);

    public static InstanceRow ToRow(InstanceRecord r) => new()
    {
        Id = r.Id,
        DefinitionId = r.DefinitionId,
        DefinitionVersionId = r.DefinitionVersionId,
        Version = r.Version,
        Name = r.Name,
        CorrelationId = r.CorrelationId,
        ParentInstanceId = r.ParentInstanceId,
        ParentBookmarkId = r.ParentBookmarkId,
        Status = r.Status,
        SubStatus = r.SubStatus,
        IncidentCount = r.IncidentCount,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        FinishedAt = r.FinishedAt,
        State = r.State,
    };

    public static InstanceRecord ToRecord(InstanceRow r) => new()
    {
        Id = r.Id,
        DefinitionId = r.DefinitionId,
        DefinitionVersionId = r.DefinitionVersionId,
        Version = r.Version,
        Name = r.Name,
        CorrelationId = r.CorrelationId,
        ParentInstanceId = r.ParentInstanceId,
        ParentBookmarkId = r.ParentBookmarkId,
        Status = r.Status,
        SubStatus = r.SubStatus,
        IncidentCount = r.IncidentCount,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        FinishedAt = r.FinishedAt,
        State = r.State,
    };

    public static BookmarkRow ToRow(BookmarkRecord r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        ActivityNodeId = r.ActivityNodeId,
        Kind = r.Kind,
        Name = r.Name,
        CorrelationId = r.CorrelationId,
        DueAt = r.DueAt,
        CreatedAt = r.CreatedAt,
    };

    public static BookmarkRecord ToRecord(BookmarkRow r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        ActivityNodeId = r.ActivityNodeId,
        Kind = r.Kind,
        Name = r.Name,
        CorrelationId = r.CorrelationId,
        DueAt = r.DueAt,
        CreatedAt = r.CreatedAt,
    };

    public static WorkItemRow ToRow(WorkItemRecord r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        Kind = r.Kind,
        BookmarkId = r.BookmarkId,
        Payload = r.Payload,
        AvailableAt = r.AvailableAt,
        CreatedAt = r.CreatedAt,
    };

    public static WorkItemRecord ToRecord(WorkItemRow r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        Kind = r.Kind,
        BookmarkId = r.BookmarkId,
        Payload = r.Payload,
        AvailableAt = r.AvailableAt,
        CreatedAt = r.CreatedAt,
    };

    public static TaskRecord ToRecord(TaskRow r) => new()
    {
        Id = r.Id,
        Queue = r.Queue,
        Handler = r.Handler,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        IdempotencyKey = r.IdempotencyKey,
        BookmarkId = r.BookmarkId,
        GroupId = r.GroupId,
        Priority = r.Priority,
        Weight = r.Weight,
        Units = r.Units,
        State = r.State,
        Attempts = r.Attempts,
        NotBefore = r.NotBefore,
        Deadline = r.Deadline,
        LeaseOwner = r.LeaseOwner,
        LeaseExpiresAt = r.LeaseExpiresAt,
        PermitGrantedAt = r.PermitGrantedAt,
        Input = r.Input,
        Result = r.Result,
        Error = r.Error,
        CreatedAt = r.CreatedAt,
        CompletedAt = r.CompletedAt,
    };

    public static TaskGroupRow ToRow(TaskGroupRecord r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        BookmarkId = r.BookmarkId,
        ParentTaskId = r.ParentTaskId,
        Total = r.Total,
        Succeeded = r.Succeeded,
        Failed = r.Failed,
        FirstError = r.FirstError,
        ActivityState = r.ActivityState,
        CreatedAt = r.CreatedAt,
    };

    public static TaskGroupRecord ToRecord(TaskGroupRow r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        BookmarkId = r.BookmarkId,
        ParentTaskId = r.ParentTaskId,
        Total = r.Total,
        Succeeded = r.Succeeded,
        Failed = r.Failed,
        FirstError = r.FirstError,
        ActivityState = r.ActivityState,
        CreatedAt = r.CreatedAt,
    };

    public static JournalRow ToRow(JournalRecord r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityInstanceId = r.ActivityInstanceId,
        ParentActivityInstanceId = r.ParentActivityInstanceId,
        ActivityId = r.ActivityId,
        ActivityType = r.ActivityType,
        ActivityTypeVersion = r.ActivityTypeVersion,
        ActivityName = r.ActivityName,
        NodeId = r.NodeId,
        Timestamp = r.Timestamp,
        Sequence = r.Sequence,
        EventName = r.EventName,
        Message = r.Message,
        Source = r.Source,
        Payload = r.Payload,
    };

    public static JournalRecord ToRecord(JournalRow r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityInstanceId = r.ActivityInstanceId,
        ParentActivityInstanceId = r.ParentActivityInstanceId,
        ActivityId = r.ActivityId,
        ActivityType = r.ActivityType,
        ActivityTypeVersion = r.ActivityTypeVersion,
        ActivityName = r.ActivityName,
        NodeId = r.NodeId,
        Timestamp = r.Timestamp,
        Sequence = r.Sequence,
        EventName = r.EventName,
        Message = r.Message,
        Source = r.Source,
        Payload = r.Payload,
        Position = r.Position,
    };

    public static void CopyTo(ActivityExecutionRecord r, ActivityExecutionRow row)
    {
        row.Id = r.Id;
        row.InstanceId = r.InstanceId;
        row.ActivityId = r.ActivityId;
        row.ActivityNodeId = r.ActivityNodeId;
        row.ActivityType = r.ActivityType;
        row.ActivityTypeVersion = r.ActivityTypeVersion;
        row.ActivityName = r.ActivityName;
        row.StartedAt = r.StartedAt;
        row.CompletedAt = r.CompletedAt;
        row.HasBookmarks = r.HasBookmarks;
        row.Status = r.Status;
        row.ActivityState = r.ActivityState;
        row.Outputs = r.Outputs;
        row.Payload = r.Payload;
        row.Exception = r.Exception;
    }

    public static ActivityExecutionRecord ToRecord(ActivityExecutionRow r) => new()
    {
        Id = r.Id,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        ActivityNodeId = r.ActivityNodeId,
        ActivityType = r.ActivityType,
        ActivityTypeVersion = r.ActivityTypeVersion,
        ActivityName = r.ActivityName,
        StartedAt = r.StartedAt,
        CompletedAt = r.CompletedAt,
        HasBookmarks = r.HasBookmarks,
        Status = r.Status,
        ActivityState = r.ActivityState,
        Outputs = r.Outputs,
        Payload = r.Payload,
        Exception = r.Exception,
    };

    public static ActivityLogRow ToRow(ActivityEvent e) => new()
    {
        Timestamp = e.Timestamp,
        Phase = e.Phase,
        InstanceId = e.InstanceId,
        ActivityId = e.ActivityId,
        ActivityExecutionId = e.ExecutionId,
        ActivityType = e.ActivityType,
        ActivityName = e.ActivityName,
        Arguments = e.Arguments,
        Result = e.Result,
    };

    public static ActivityLogRecord ToRecord(ActivityLogRow r) => new(
        r.Sequence,
        new ActivityEvent(r.Phase, r.Timestamp, r.InstanceId, r.ActivityId, r.ActivityType, r.ActivityName, r.Arguments, r.Result, r.ActivityExecutionId));
}
