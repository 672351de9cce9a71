using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs all branches at once; WaitAll completes after every branch, WaitAny after the first and cancels the others.</summary>
[Activity("Elsa", "Fork", Category = "Control Flow", Description = "Branch execution into multiple branches.", IsBrowsable = false)]
public sealed class Fork : ContainerActivity
{
    private const string Remaining = "remaining";

    /// <summary>Elsa stores the join mode unwrapped (<c>"joinMode": "WaitAll"</c>).</summary>
    [Input(Description = "Controls when this activity yields control back to its parent activity.", UIHint = "dropdown", IsWrapped = false, DefaultValue = "WaitAll")]
    public ForkJoinMode JoinMode { get; set; } = ForkJoinMode.WaitAll;

    public override BreakHandling BreakHandling => BreakHandling.Observe;

    public override void Run(ContainerContext context)
    {
        var scheduled = 0;
        for (var i = 0; i < context.Count("branches"); i++)
        {
            scheduled += context.Schedule(ChildSlots.Item("branches", i)) ? 1 : 0;
        }

        context.Properties[Remaining] = scheduled;
        if (scheduled == 0)
        {
            context.Complete();
        }
    }

    public override void ChildCompleted(ContainerContext context, ChildCompletion child)
    {
        var remaining = context.GetLong(Remaining) - 1;
        context.Properties[Remaining] = remaining;
        if (context.IsBreaking || JoinMode == ForkJoinMode.WaitAny || remaining <= 0)
        {
            context.Complete();
        }
    }
}
