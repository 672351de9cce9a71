namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs Then or Else by its condition and completes after that branch (at once when the branch is empty).</summary>
[Activity("Elsa", "If", Category = "Branching", Description = "Evaluate a Boolean condition to determine which activity to execute next.", EmbeddedPorts = ["Then", "Else"])]
public sealed class If : ContainerActivity
{
    [Input(UIHint = "singleline", Description = "The condition to evaluate.", DefaultValue = false)]
    public bool Condition { get; set; }

    [Output]
    public bool? Result { get; set; }

    public override void Run(ContainerContext context)
    {
        Result = Condition;
        if (!context.Schedule(Condition ? "then" : "else"))
        {
            context.Complete();
        }
    }

    public override bool CanRewind => true;

    /// <summary>The branch asked for runs again without the condition being evaluated again, then the If completes.</summary>
    public override void Rewind(ContainerContext context, string slot)
    {
        if (!context.Schedule(slot))
        {
            context.Complete();
        }
    }

    public override void ChildCompleted(ContainerContext context, ChildCompletion child) => context.Complete();
}
