using System.Reflection;

namespace PatientDocs.StateLanguage;

/// <summary>The state-language module's names: its assembly, activity namespace, queue and the definitions it compiles.</summary>
public static class StateLanguageModule
{
    /// <summary>Activity type prefix (<c>StateLanguage.Task</c>, …) and Studio's toolbox category.</summary>
    public const string Namespace = "StateLanguage";
    public const string Category = "State language";

    /// <summary>Where a Task's resource runs unless its handler or configuration names another queue.</summary>
    public const string Queue = "state-language";

    /// <summary>The engine definition a workflow compiles to is <c>state-language.</c> + its name; each registered version is one of its versions.</summary>
    public const string DefinitionIdPrefix = "state-language.";

    /// <summary>The key in a compiled definition's <c>customProperties</c> that holds its <see cref="Compiling.StateMap"/>.</summary>
    public const string StateMapProperty = "stateLanguage";

    public static Assembly Assembly => typeof(StateLanguageModule).Assembly;
}
