namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// One unfinished task of a waiting instance and its place in its queue: <see cref="Position"/> is 1-based among the
/// ready tasks the claim rule takes first (its limit's queues together, priority first, then oldest);
/// <see cref="NotBefore"/> is the earliest its limit (or its retry's backoff) lets it start. An <see cref="Upcoming"/> step
/// is an activity still ahead on the path, not queued yet: every task now waiting in its queue will run before it.
/// </summary>
public sealed record EtaStep(
    string ActivityId,
    string Queue,
    string? Limit,
    string? Rate,
    int Position,
    bool Running,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpectedStart,
    bool Upcoming = false);
