using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "FlowSwitch", Category = "Branching", DisplayName = "Switch", Description = "Follows the port of each matching case, or Default.", Ports = ["Default"])]
public sealed class FlowSwitch : ControlActivity
{
    /// <summary>Elsa stores cases unwrapped: <c>[{label, condition:{type, value}}]</c>.</summary>
    [Input(UIHint = "flow-switch-editor", IsWrapped = false, Order = 0)]
    public JsonNode? Cases { get; set; }

    [Input(UIHint = "dropdown", Order = 1, DefaultValue = "MatchFirst")]
    public SwitchMode Mode { get; set; } = SwitchMode.MatchFirst;

    public override ActivityResult Execute(ActivityContext context)
    {
        var matched = new List<string>();
        foreach (var item in (Cases as JsonArray ?? []).OfType<JsonObject>())
        {
            var label = item["label"]?.ToString() ?? "";
            var value = context.Evaluate(item["condition"]);
            if (IsTrue(value))
            {
                matched.Add(label);
                if (Mode == SwitchMode.MatchFirst)
                {
                    break;
                }
            }
        }

        return matched.Count == 0 ? ActivityResult.Outcomes("Default") : ActivityResult.Outcomes(matched.ToArray());
    }

    private static bool IsTrue(JsonNode? value) => value is JsonValue v &&
        (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<string>(out var s) && bool.TryParse(s, out var p) && p);
}
