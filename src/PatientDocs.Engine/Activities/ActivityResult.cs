using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities;

/// <summary>What an activity's execution produced: outcomes to follow, a bookmark to wait on, or a fault.</summary>
public abstract record ActivityResult
{
    public static ActivityResult Done() => new CompleteResult(["Done"]);

    public static ActivityResult Outcomes(params string[] outcomes) => new CompleteResult(outcomes);

    public static ActivityResult Suspend(BookmarkKind kind, string? name = null, string? correlationId = null, DateTimeOffset? dueAt = null) =>
        new SuspendResult(kind, name, correlationId, dueAt);

    public static ActivityResult Fault(string message) => new FaultResult(message);

    /// <summary>Completes the containing flowchart at once (Elsa's terminal node).</summary>
    public static ActivityResult EndFlowchart() => new EndFlowchartResult();

    /// <summary>Ends the nearest enclosing loop (Elsa's Break): a terminal node that signals its ancestors.</summary>
    public static ActivityResult BreakLoop() => new BreakResult();

    /// <summary>Starts a child instance and waits on it; <see cref="ControlActivity.Resume"/> gets a <see cref="Children.ChildWorkflowResult"/>.</summary>
    public static ActivityResult StartChild(Children.ChildWorkflowRequest request) => new StartChildResult(request);

    /// <summary>Starts one child instance per item and waits for all of them (or only for their creation), counting, not holding, them.</summary>
    public static ActivityResult DispatchChildren(Children.BulkDispatchRequest request) => new DispatchChildrenResult(request);

    /// <summary>Ends the nearest workflow used as an activity, which follows these outcomes (Elsa's Complete); at the top, the workflow.</summary>
    public static ActivityResult CompleteComposite(IReadOnlyList<string> outcomes) => new CompleteCompositeResult(outcomes);

    /// <summary>Finishes the whole workflow at once, removing its bookmarks.</summary>
    public static ActivityResult FinishWorkflow() => new FinishWorkflowResult();
}

public sealed record CompleteResult(IReadOnlyList<string> Names) : ActivityResult;

public sealed record SuspendResult(BookmarkKind Kind, string? Name, string? CorrelationId, DateTimeOffset? DueAt) : ActivityResult;

public sealed record FaultResult(string Message) : ActivityResult;

public sealed record EndFlowchartResult : ActivityResult;

public sealed record StartChildResult(Children.ChildWorkflowRequest Request) : ActivityResult;

public sealed record DispatchChildrenResult(Children.BulkDispatchRequest Request) : ActivityResult;

public sealed record CompleteCompositeResult(IReadOnlyList<string> Names) : ActivityResult;

public sealed record FinishWorkflowResult : ActivityResult;

public sealed record BreakResult : ActivityResult;
