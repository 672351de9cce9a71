using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>A Fail state: records its error and cause; the compiled flow then compensates and ends the execution FAILED.</summary>
[Activity(StateLanguageModule.Namespace, "Fail", Category = StateLanguageModule.Category, DisplayName = "Fail",
    Description = "A state-language Fail.", IsBrowsable = false)]
public sealed class FailState : ControlActivity
{
    [Input(Description = "The state's name.")]
    public string State { get; set; } = "";

    [Input(Description = "The error type the execution fails with.")]
    public string? ErrorType { get; set; }

    [Input(Description = "The error's cause.")]
    public string? CauseText { get; set; }

    [Output(Description = "The error type.")]
    public string? Error { get; set; }

    [Output(Description = "The cause.")]
    public string? Cause { get; set; }

    [Output(Description = "The state, error and cause the execution fails with.")]
    public JsonObject? Failure { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        Error = ErrorType;
        Cause = CauseText;
        Failure = ExecutionData.Failure(State, ErrorType, CauseText);
        return ActivityResult.Done();
    }
}
