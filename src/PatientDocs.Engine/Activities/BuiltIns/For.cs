using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Runs its body for each step from Start to End (inclusive by default); the body sees CurrentValue.</summary>
[Activity("Elsa", "For", Category = "Looping", Description = "Iterate over a sequence of steps between a start and an end number.", EmbeddedPorts = ["Body"])]
public sealed class For : ContainerActivity
{
    private const string CurrentStep = "currentStep";

    [Input(Description = "The start step.", DefaultValue = 0, Order = 0)]
    public int Start { get; set; }

    [Input(Description = "The end step.", DefaultValue = 0, Order = 1)]
    public int End { get; set; }

    [Input(Description = "The step size. To count down, enter a negative number.", DefaultValue = 1, Order = 2)]
    public int Step { get; set; } = 1;

    [Input(Description = "Controls whether the end step is upper/lowerbound inclusive or exclusive. True (inclusive) by default.", DefaultValue = true, Order = 3)]
    public bool OuterBoundInclusive { get; set; } = true;

    [Output]
    public long? CurrentValue { get; set; }

    public override BreakHandling BreakHandling => BreakHandling.Stop;

    public override void Run(ContainerContext context) => Iterate(context);

    public override void ChildCompleted(ContainerContext context, ChildCompletion child) => Iterate(context);

    private void Iterate(ContainerContext context)
    {
        long current = context.Properties.ContainsKey(CurrentStep) ? context.GetLong(CurrentStep) + Step : Start;
        var loop = !context.IsBreaking && (Step >= 0
            ? (OuterBoundInclusive ? current <= End : current < End)
            : (OuterBoundInclusive ? current >= End : current > End));
        if (!loop)
        {
            context.Complete();
            return;
        }

        context.Properties[CurrentStep] = current;
        CurrentValue = current;

        // Elsa's For without a body never completes; this one completes instead of leaving the instance with nothing to do.
        if (!context.Schedule("body", new JsonObject { [nameof(CurrentValue)] = current }))
        {
            context.Complete();
        }
    }
}
