namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs all its activities at once and completes when every one has.</summary>
[Activity("Elsa", "Parallel", Category = "Workflows", Description = "Execute a set of activities in parallel.", IsContainer = true, IsBrowsable = false)]
public sealed class Parallel : ContainerActivity
{
    public override void Run(ContainerContext context) => ScheduleAll(context, "activities");

    public override void ChildCompleted(ContainerContext context, ChildCompletion child)
    {
        if (LastOneDone(context))
        {
            context.Complete();
        }
    }
}
