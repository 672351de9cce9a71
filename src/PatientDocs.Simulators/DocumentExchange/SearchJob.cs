namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>A search job; its status follows from the clock (pending, then running, then done or failed).</summary>
public sealed record SearchJob(
    string JobId,
    string PatientKey,
    int DocumentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset RunningAt,
    DateTimeOffset DoneAt,
    bool Fails)
{
    public string StatusAt(DateTimeOffset now) =>
        now >= DoneAt ? (Fails ? "failed" : "done") : now >= RunningAt ? "running" : "pending";
}
