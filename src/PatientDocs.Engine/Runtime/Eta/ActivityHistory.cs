namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// How an activity went in recently finished instances of a definition: <see cref="Tail"/> the median time from its last
/// task's completion to the instance's finish, <see cref="Run"/> the median time a task of it took from its permit to its
/// completion (null without a limit, where no start is recorded), over <see cref="Samples"/> instances.
/// </summary>
public sealed record ActivityHistory(TimeSpan Tail, TimeSpan? Run, int Samples);
