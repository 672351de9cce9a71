using Jint;

namespace PatientDocs.Engine.Expressions;

internal sealed partial class JavaScriptEvaluator
{
    private sealed partial class ScriptRun
    {
        /// <summary>Elsa's <c>get{Output}From{Activity}()</c>, for the accessors the script names (Elsa's activity name is Pascal-cased).</summary>
        private void InstallOutputAccessors(ReferencedGlobals? referenced, bool everything)
        {
            // Without the list of names a script uses there is nothing to match; getOutputFrom reaches the same values.
            if (referenced is null || everything)
            {
                return;
            }

            foreach (var global in referenced)
            {
                if (!global.StartsWith("get", StringComparison.Ordinal) || engine.Global.HasOwnProperty(global))
                {
                    continue;
                }

                for (var at = global.IndexOf("From", 4, StringComparison.Ordinal); at > 3; at = global.IndexOf("From", at + 1, StringComparison.Ordinal))
                {
                    var output = global[3..at];
                    var activity = global[(at + 4)..];
                    if (activity.Length == 0)
                    {
                        break;
                    }

                    var name = scope.HasActivity(activity) ? activity : scope.HasActivity(Camel(activity)) ? Camel(activity) : null;
                    if (name is not null)
                    {
                        engine.SetValue(global, Function(global, _ => FromJson(scope.GetOutputFrom(name, output))));
                        break;
                    }
                }
            }
        }

        private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    }
}
