using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Storage;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, long TotalCount);

public sealed record DefinitionQuery
{
    public VersionOptions VersionOptions { get; init; } = VersionOptions.AllVersions;
    public IReadOnlyList<string>? DefinitionIds { get; init; }

    /// <summary>Version ids (Elsa's <c>Ids</c>).</summary>
    public IReadOnlyList<string>? Ids { get; init; }
    public string? SearchTerm { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

public sealed record InstanceQuery
{
    public string? SearchTerm { get; init; }
    public IReadOnlyList<string>? DefinitionIds { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Only the children of this instance.</summary>
    public string? ParentInstanceId { get; init; }
    public int? Version { get; init; }
    public bool? HasIncidents { get; init; }
    public IReadOnlyList<WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyList<WorkflowSubStatus>? SubStatuses { get; init; }

    /// <summary>CreatedAt, UpdatedAt or FinishedAt.</summary>
    public string OrderBy { get; init; } = "CreatedAt";
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// One queue's tasks as a worker sees them: how many it could claim now, and when the next of the others may become
/// claimable (a retry's not-before, or another node's lease running out); null when none will without new work.
/// </summary>
public sealed record QueueBacklog(int Ready, DateTimeOffset? NextReadyAt);
