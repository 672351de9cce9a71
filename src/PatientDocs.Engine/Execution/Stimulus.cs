using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Execution;

/// <summary>Why a burst runs.</summary>
public abstract record Stimulus;

/// <summary>Starts a new instance (no prior state).</summary>
/// <param name="TaskQueue">The queue every task activity runs on instead of its own; null keeps their own (or the definition's option).</param>
public sealed record StartStimulus(JsonObject? Input, string? CorrelationId, string? TriggerActivityId = null, string? TaskQueue = null) : Stimulus;

/// <summary>Resumes a bookmark: a due timer, an event (payload = event payload) or a task (payload = <see cref="TaskResumePayload"/> JSON).</summary>
public sealed record ResumeStimulus(string BookmarkId, JsonNode? Payload) : Stimulus;

/// <summary>Cancels the instance: removes its bookmarks; the runtime cancels its pending tasks.</summary>
public sealed record CancelStimulus : Stimulus;

/// <summary>Operator retry of a faulted instance: re-runs the faulted activities (task activities re-enqueue their task).</summary>
public sealed record RetryStimulus : Stimulus;
