using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Execution;

/// <summary>Interpreter settings; every default is stated here. Bound from the section <c>WorkflowEngineOptions</c>.</summary>
public sealed record WorkflowEngineOptions
{
    /// <summary>Durable timers divide their duration by this (a run can compress minutes into seconds).</summary>
    public double TimeScale { get; init; } = 1;

    public JavaScriptOptions JavaScript { get; init; } = new();

    public LiquidOptions Liquid { get; init; } = new();

    /// <summary>A burst that runs more activities than this faults (an endless loop with no wait); a retry continues it.</summary>
    public int MaxActivitiesPerBurst { get; init; } = 10_000_000;

    /// <summary>Journal records kept per burst; more are dropped and one JournalTruncated record says how many.</summary>
    public int MaxJournalRecordsPerBurst { get; init; } = 10_000;

    /// <summary>Activity execution records kept per burst.</summary>
    public int MaxActivityExecutionsPerBurst { get; init; } = 5_000;

    /// <summary>Overrides the definition's flowchart execution mode (the conformance tests pass TokenBased).</summary>
    public FlowchartExecutionMode? ExecutionModeOverride { get; init; }

    /// <summary>Receives each WriteLine as (instance id, text); null writes nowhere (the journal still has the text).</summary>
    public Action<string, string>? WriteLine { get; init; }

    public void Validate()
    {
        if (TimeScale <= 0 || double.IsNaN(TimeScale) || MaxActivitiesPerBurst <= 0 || MaxJournalRecordsPerBurst < 0 || MaxActivityExecutionsPerBurst < 0)
        {
            throw new ArgumentException("WorkflowEngineOptions: TimeScale and MaxActivitiesPerBurst must be positive, the journal caps non-negative.");
        }

        JavaScript.Validate();
        Liquid.Validate();
    }
}
