using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.StateLanguage.Language;
using PatientDocs.StateLanguage.Resources;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// A Choice state: the first rule whose condition holds over the data names the next state, else the default. With no
/// match and no default the execution fails with <c>States.NoChoiceMatched</c> (port <c>Uncaught</c>).
/// </summary>
[Activity(StateLanguageModule.Namespace, "Choice", Category = StateLanguageModule.Category, DisplayName = "Choice",
    Description = "A state-language Choice: follows the first rule that holds, else the default.", Ports = [], IsBrowsable = false)]
public sealed class Choose : ControlActivity
{
    [Input(Description = "The state's name.")]
    public string State { get; set; } = "";

    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The rules in order: condition and the port (the next state) each one leaves by.", UIHint = "json-editor")]
    public JsonNode? Choices { get; set; }

    [Input(Description = "The state taken when no rule holds; empty: the execution fails.")]
    public string? Default { get; set; }

    [Input(Description = "The port that leads to the default state.")]
    public string? DefaultPort { get; set; }

    [Input(UIHint = "dynamic-outcomes", Description = "The ports: one per next state, and Uncaught without a default.")]
    public string[] Outcomes { get; set; } = [];

    [Output(Description = "The state chosen.")]
    public string? Next { get; set; }

    [Output(Description = "Set when nothing matched and there is no default.")]
    public string? Error { get; set; }

    [Output(Description = "Why nothing matched.")]
    public string? Cause { get; set; }

    [Output(Description = "Set when the execution fails here: the state, error and cause.")]
    public JsonObject? Failure { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        foreach (var rule in (Choices as JsonArray ?? []).OfType<JsonObject>())
        {
            if (rule["condition"] is JsonObject condition && Conditions.Evaluate(condition, Data))
            {
                Next = rule["next"]?.ToString();
                return ActivityResult.Outcomes(rule["port"]?.ToString() ?? Next ?? "");
            }
        }

        if (!string.IsNullOrEmpty(Default))
        {
            Next = Default;
            return ActivityResult.Outcomes(DefaultPort ?? Default);
        }

        Error = ErrorTypes.NoChoiceMatched;
        Cause = $"No rule of Choice '{State}' matched the data, and it has no default.";
        Failure = ExecutionData.Failure(State, Error, Cause);
        return ActivityResult.Outcomes(RunTask.UncaughtPort);
    }
}
