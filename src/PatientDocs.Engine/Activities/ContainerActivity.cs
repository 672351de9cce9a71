using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities;

/// <summary>
/// An activity that runs child activities (Elsa's Sequence, If, loops, Fork…). The interpreter evaluates its inputs, calls
/// <see cref="Run"/> once and <see cref="ChildCompleted"/> after each scheduled child finishes, until it calls
/// <see cref="ContainerContext.Complete"/>. Non-null [Output] properties are bound after each call. Keep what must survive a
/// suspension in <see cref="ContainerContext.Properties"/>; the instance itself lives for one burst only.
/// </summary>
public abstract class ContainerActivity : ControlActivity
{
    /// <summary>How the container takes a Break signal from a descendant.</summary>
    public virtual BreakHandling BreakHandling => BreakHandling.None;

    public abstract void Run(ContainerContext context);

    public abstract void ChildCompleted(ContainerContext context, ChildCompletion child);

    /// <summary>
    /// True when the container can go back to one of its children (an operator's ScheduleActivity on that child): it runs
    /// that child and then carries on as if it had reached it by itself. Loops and parallel containers cannot say which
    /// iteration or which sibling branches a re-run belongs to, so they keep the default.
    /// </summary>
    public virtual bool CanRewind => false;

    /// <summary>Runs the child in <paramref name="slot"/> again and continues from there (see <see cref="CanRewind"/>).</summary>
    public virtual void Rewind(ContainerContext context, string slot) => context.Fault($"{GetType().Name} cannot go back to one of its children.");

    /// <summary>Schedules every child of a list slot at once and remembers how many run; completes at once when none does.</summary>
    protected static void ScheduleAll(ContainerContext context, string slot)
    {
        var scheduled = 0;
        for (var i = 0; i < context.Count(slot); i++)
        {
            scheduled += context.Schedule(ChildSlots.Item(slot, i)) ? 1 : 0;
        }

        context.Properties[RemainingKey] = scheduled;
        if (scheduled == 0)
        {
            context.Complete();
        }
    }

    /// <summary>Counts a child of <see cref="ScheduleAll"/> done; true when it was the last.</summary>
    protected static bool LastOneDone(ContainerContext context)
    {
        var remaining = context.GetLong(RemainingKey) - 1;
        context.Properties[RemainingKey] = remaining;
        return remaining <= 0;
    }

    private const string RemainingKey = "remaining";

    /// <summary>Containers never run as plain control activities; the interpreter calls <see cref="Run"/> instead.</summary>
    public sealed override ActivityResult Execute(ActivityContext context) => ActivityResult.Fault($"{GetType().Name} runs only as a container.");
}
