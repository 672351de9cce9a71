using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's Complete: ends the workflow used as an activity that holds it, whose activity then follows these outcomes in its
/// parent (the workflow itself when it runs on its own).
/// </summary>
[Activity("Elsa", "Complete", Category = "Composition", Description = "Signals the current composite activity to complete itself as a whole.", Ports = [])]
public sealed class Complete : ControlActivity
{
    [Input(Description = "The outcome or list of outcomes to complete with (Done when empty).", UIHint = "outcome-picker", Order = 0)]
    public JsonNode? Outcomes { get; set; }

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.CompleteComposite(OutcomeList(Outcomes));

    /// <summary>A literal string, a JSON array (or its text) or a script's array, as Elsa's input converter reads them.</summary>
    public static IReadOnlyList<string> OutcomeList(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('['))
        {
            value = JsonNode.Parse(text);
        }

        var outcomes = value switch
        {
            JsonArray array => array.Select(o => o?.ToString()).OfType<string>().Where(o => o.Length > 0).ToList(),
            JsonValue single when single.ToString() is { Length: > 0 } name => [name],
            _ => [],
        };
        return outcomes.Count > 0 ? outcomes : ["Done"];
    }
}
