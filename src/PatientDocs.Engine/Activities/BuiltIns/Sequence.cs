using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs its activities one after another; its variables are visible to them. A terminal child or a Break ends it.</summary>
[Activity("Elsa", "Sequence", Category = "Workflows", Description = "Execute a set of activities in sequence.", IsContainer = true, IsBrowsable = false)]
public sealed class Sequence : ContainerActivity
{
    private const string CurrentIndex = "currentIndex";

    public override BreakHandling BreakHandling => BreakHandling.Observe;

    public override void Run(ContainerContext context) => Next(context);

    public override bool CanRewind => true;

    /// <summary>The children after the re-run one run again, in order.</summary>
    public override void Rewind(ContainerContext context, string slot)
    {
        var index = int.Parse(slot[(slot.IndexOf('/', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        context.Properties[CurrentIndex] = index + 1;
        context.Schedule(slot);
    }

    public override void ChildCompleted(ContainerContext context, ChildCompletion child)
    {
        if (context.IsBreaking || child.IsTerminal)
        {
            context.Complete();
            return;
        }

        Next(context);
    }

    private static void Next(ContainerContext context)
    {
        var count = context.Count("activities");
        var index = (int)context.GetLong(CurrentIndex);
        while (index < count && !context.HasSlot(ChildSlots.Item("activities", index)))
        {
            index++;
        }

        if (index >= count)
        {
            context.Complete();
            return;
        }

        context.Properties[CurrentIndex] = index + 1;
        context.Schedule(ChildSlots.Item("activities", index));
    }
}
