using System.Text.Json.Nodes;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Runs the activity of the first matching case (MatchFirst) or of every match (MatchAny), or Default when none matches;
/// completes when all it scheduled have, at once when it scheduled nothing.
/// </summary>
[Activity("Elsa", "Switch", Category = "Branching", Description = "Evaluate a set of case conditions and schedule the activity for a matching case.", EmbeddedPorts = ["Default"])]
public sealed class Switch : ContainerActivity
{
    private const string Pending = "pending";

    /// <summary>Stored unwrapped: <c>[{label, condition:{type, value}, activity}]</c>; each condition is evaluated in turn.</summary>
    [Input(Description = "The cases to evaluate.", UIHint = "switch-editor", IsWrapped = false, AutoEvaluate = false, Order = 0)]
    public JsonNode? Cases { get; set; }

    [Input(Description = "The switch mode determines whether the first match should be scheduled, or all matches.", UIHint = "dropdown", DefaultValue = "MatchFirst", Order = 1)]
    public SwitchMode Mode { get; set; } = SwitchMode.MatchFirst;

    public override void Run(ContainerContext context)
    {
        var cases = context.Json["cases"] as JsonArray ?? [];
        var matches = new List<int>();
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is JsonObject item && (bool)ValueConverter.ToClr(context.Activity.Evaluate(item["condition"]), typeof(bool))!)
            {
                matches.Add(i);
            }
        }

        var chosen = Mode == SwitchMode.MatchFirst ? matches.Take(1) : matches;
        var pending = new JsonArray();
        foreach (var slot in chosen.Select(i => ChildSlots.Item("cases", i)))
        {
            if (context.Schedule(slot))
            {
                pending.Add(slot);
            }
        }

        if (matches.Count == 0 && context.Schedule("default"))
        {
            pending.Add("default");
        }

        context.Properties[Pending] = pending;
        if (pending.Count == 0)
        {
            context.Complete();
        }
    }

    public override void ChildCompleted(ContainerContext context, ChildCompletion child)
    {
        var pending = context.Properties[Pending] as JsonArray ?? [];
        var done = pending.FirstOrDefault(p => p?.GetValue<string>() == child.Slot);
        if (done is not null && pending.Remove(done) && pending.Count == 0)
        {
            context.Complete();
        }
    }
}
