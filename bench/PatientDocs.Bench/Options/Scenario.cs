namespace PatientDocs.Bench.Options;

/// <summary>The runs the bench knows; each one is a fresh server, simulators, data folder and database.</summary>
public enum Scenario
{
    Baseline,
    DocexOutage,
    TasktrackerFlapping,
    Kill,
    StartStorm,
}
