namespace PatientDocs.Bench.Runs;

/// <summary>Executions of one path: started, and how many ended exactly as that path must (status, last state, steps).</summary>
public sealed record PathTally(OrderPath Path, string ExpectedStatus, string ExpectedCurrentState, int Started, int AsExpected);
