using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

// The snapshot an instance is resumed from. It holds counters and the suspended work only, so it does not grow with
// loop iterations or fan-out. Version 1.

internal sealed class InstanceState
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public int SchemaVersion { get; set; } = 1;
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>The queue every task activity of this instance runs on instead of its own (set by its parent or its definition).</summary>
    public string? TaskQueue { get; set; }
    public JsonObject Input { get; set; } = [];
    public JsonObject Output { get; set; } = [];
    public JsonObject Variables { get; set; } = [];
    public JsonObject Properties { get; set; } = [];
    public List<ScopeState> Scopes { get; set; } = [];
    public List<QueuedItem> Queue { get; set; } = [];
    public List<WaitingActivity> Bookmarks { get; set; } = [];
    public List<ContainerExecution> Containers { get; set; } = [];
    public List<IncidentState> Incidents { get; set; } = [];
    public List<QueuedItem> Faulted { get; set; } = [];
    public JsonObject ActivityOutputs { get; set; } = [];
    public JsonNode? LastResult { get; set; }
    public Dictionary<string, int> ExecutionCounts { get; set; } = [];
    public long Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The root flowchart's counters when it last completed, so an alteration that re-opens the instance knows what ran.</summary>
    public ScopeState? LastRoot { get; set; }

    /// <summary>How often an alteration re-opened the finished instance; a timeout armed before the last re-opening is stale.</summary>
    public int? Reopenings { get; set; }
}

internal sealed class ScopeState
{
    public string Id { get; set; } = "";
    public string GraphNodeId { get; set; } = "";
    public string StartId { get; set; } = "";
    public string? ParentScopeId { get; set; }
    public string? OwnerExecutionId { get; set; }
    public int Active { get; set; }
    public FlowchartExecutionMode Mode { get; set; }
    public Dictionary<string, long> Visits { get; set; } = [];
    public Dictionary<string, long> ConnectionVisits { get; set; } = [];
    public Dictionary<string, bool> ConnectionFollowed { get; set; } = [];
    public List<TokenState> Tokens { get; set; } = [];

    /// <summary>The container slot this scope runs (<c>body</c>, <c>activities/2</c>…); null for a flowchart's scope.</summary>
    public string? Slot { get; set; }
}

internal sealed class TokenState
{
    public string From { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string To { get; set; } = "";
    public bool Consumed { get; set; }
    public bool Blocked { get; set; }
}

internal sealed record QueuedItem(string ScopeId, string ActivityId, bool Backward = false, bool Retry = false);

internal sealed class WaitingActivity
{
    public string BookmarkId { get; set; } = "";
    public BookmarkKind Kind { get; set; }
    public string ExecutionId { get; set; } = "";
    public string ScopeId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string? ActivityName { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public JsonObject? Inputs { get; set; }

    /// <summary>A bulk dispatch's counts: its children are counted here as they finish, never listed.</summary>
    public BulkProgress? Bulk { get; set; }
}

internal sealed class BulkProgress
{
    public int Total { get; set; }
    public int Completed { get; set; }
    public int Faulted { get; set; }
}

internal sealed class ContainerExecution
{
    public string ExecutionId { get; set; } = "";
    public string ScopeId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public int Remaining { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>A <see cref="Activities.ContainerActivity"/> (Sequence, If, loops, Fork…) rather than a flowchart or ParallelForEach.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Structured { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Backward { get; set; }

    /// <summary>A Break reached this container.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Breaking { get; set; }

    /// <summary>The container's own small state (an index, a count).</summary>
    public JsonObject? Properties { get; set; }

    /// <summary>Variables the container declares for its children (Sequence variables, a loop's CurrentValue), by name.</summary>
    public JsonObject? Variables { get; set; }

    /// <summary>Declared variables whose id differs from their name: id to name.</summary>
    public Dictionary<string, string>? VariableIds { get; set; }

    /// <summary>Outputs set so far (If's Result, a loop's CurrentValue), recorded when the container completes.</summary>
    public JsonObject? Outputs { get; set; }

    /// <summary>A workflow used as an activity: the inputs it declares, held in <see cref="Variables"/> and read by its body as workflow input.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? DefinitionInputs { get; set; }

    /// <summary>A workflow used as an activity: the outputs it declares, held in <see cref="Variables"/> until it completes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? DefinitionOutputs { get; set; }
}

internal sealed class IncidentState
{
    public string ActivityId { get; set; } = "";
    public string ActivityNodeId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset Timestamp { get; set; }
}
