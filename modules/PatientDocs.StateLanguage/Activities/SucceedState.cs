using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>A Success state: the end of its branch, or (at the top) of the execution, which then ends SUCCEEDED.</summary>
[Activity(StateLanguageModule.Namespace, "Success", Category = StateLanguageModule.Category, DisplayName = "Success",
    Description = "A state-language Success.", IsBrowsable = false)]
public sealed class SucceedState : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}
