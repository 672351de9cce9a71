namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs its body while the condition, evaluated before each iteration, is true.</summary>
[Activity("Elsa", "While", Category = "Looping", Description = "Execute an activity while a given condition evaluates to true.", EmbeddedPorts = ["Body"])]
public sealed class While : ContainerActivity
{
    /// <summary>A body-less loop whose condition stays true would never end; past this many checks it faults.</summary>
    private const int MaxChecksWithoutBody = 100_000;

    [Input(UIHint = "singleline", AutoEvaluate = false, DefaultValue = false)]
    public bool Condition { get; set; }

    public override BreakHandling BreakHandling => BreakHandling.Stop;

    public override void Run(ContainerContext context) => Iterate(context);

    public override void ChildCompleted(ContainerContext context, ChildCompletion child) => Iterate(context);

    private static void Iterate(ContainerContext context)
    {
        for (var check = 0; check < MaxChecksWithoutBody; check++)
        {
            if (context.IsBreaking || !(bool)ValueConverter.ToClr(context.EvaluateInput("condition"), typeof(bool))!)
            {
                context.Complete();
                return;
            }

            if (context.Schedule("body"))
            {
                return;
            }
        }

        context.Fault($"While has no body and its condition was still true after {MaxChecksWithoutBody} checks.");
    }
}
