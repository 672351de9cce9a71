namespace PatientDocs.StateLanguage.Language;

/// <summary>The state types the language knows, as written in a definition's <c>type</c>.</summary>
public static class StateTypes
{
    public const string Task = "Task";
    public const string Choice = "Choice";
    public const string Wait = "Wait";
    public const string Parallel = "Parallel";
    public const string Pass = "Pass";
    public const string Success = "Success";
    public const string Fail = "Fail";

    /// <summary>Not a state type a user writes: the type of the steps that run a Task's compensation.</summary>
    public const string Compensation = "Compensation";

    public static readonly IReadOnlyList<string> All = [Task, Choice, Wait, Parallel, Pass, Success, Fail];
}
