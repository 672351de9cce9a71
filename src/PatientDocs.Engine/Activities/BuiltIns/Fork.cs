namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs all branches at once; WaitAll completes after every branch, WaitAny after the first and cancels the others.</summary>
[Activity("Elsa", "Fork", Category = "Control Flow", Description = "Branch execution into multiple branches.", IsBrowsable = false)]
public sealed class Fork : ContainerActivity
{
    /// <summary>Elsa stores the join mode unwrapped (<c>"joinMode": "WaitAll"</c>).</summary>
    [Input(Description = "Controls when this activity yields control back to its parent activity.", UIHint = "dropdown", IsWrapped = false, DefaultValue = "WaitAll")]
    public ForkJoinMode JoinMode { get; set; } = ForkJoinMode.WaitAll;

    public override BreakHandling BreakHandling => BreakHandling.Observe;

    public override void Run(ContainerContext context) => ScheduleAll(context, "branches");

    public override void ChildCompleted(ContainerContext context, ChildCompletion child)
    {
        if (LastOneDone(context) || context.IsBreaking || JoinMode == ForkJoinMode.WaitAny)
        {
            context.Complete();
        }
    }
}
