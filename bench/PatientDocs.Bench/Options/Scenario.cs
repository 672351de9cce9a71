namespace PatientDocs.Bench.Options;

/// <summary>The runs the bench knows; each one is a fresh server, simulators, data folder and database.</summary>
public enum Scenario
{
    Baseline,
    DocexOutage,
    TasktrackerFlapping,
    Kill,
    StartStorm,

    /// <summary>Engine capacity: starts/s to a bookmark, memory with every instance suspended, task activities per second.</summary>
    Capacity,

    /// <summary>Several server processes on one PostgreSQL and one storage root; one is SIGKILLed and started again.</summary>
    Nodes,

    /// <summary>The state-language engine: executions of the sample order workflow started at once through its REST API.</summary>
    StateLanguage,

    /// <summary>Content pipelines started at once against the LLM simulator, its requests and tokens per minute both binding.</summary>
    ContentPipeline,
}
