using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs all its activities at once and completes when every one has.</summary>
[Activity("Elsa", "Parallel", Category = "Workflows", Description = "Execute a set of activities in parallel.", IsContainer = true, IsBrowsable = false)]
public sealed class Parallel : ContainerActivity
{
    private const string Remaining = "remaining";

    public override void Run(ContainerContext context)
    {
        var scheduled = 0;
        for (var i = 0; i < context.Count("activities"); i++)
        {
            scheduled += context.Schedule(ChildSlots.Item("activities", i)) ? 1 : 0;
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
        if (remaining <= 0)
        {
            context.Complete();
        }
    }
}
