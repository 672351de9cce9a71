using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Compiling;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>
/// What an execution's view is made of: the engine's instance, the state map of its definition version, and its records.
/// <paramref name="StartSequences"/> (journal sequence of each activity execution's start) orders steps that started in one millisecond.
/// </summary>
public sealed record ExecutionRecords(
    InstanceRecord Instance,
    StateMap Map,
    IReadOnlyList<ActivityExecutionRecord> Executions,
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyList<BookmarkRecord> Bookmarks,
    IReadOnlyDictionary<string, long>? StartSequences = null);
