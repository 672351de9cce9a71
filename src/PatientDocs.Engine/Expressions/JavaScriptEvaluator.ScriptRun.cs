using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace PatientDocs.Engine.Expressions;

internal sealed partial class JavaScriptEvaluator
{
    /// <summary>One evaluation: the engine's globals over the scope, JSON in and out, and the variables written back.</summary>
    private sealed partial class ScriptRun(Jint.Engine engine, IExpressionScope scope)
    {
        // Identifiers that reach globals without naming them, so no accessor may be left out (as Elsa decides).
        private static readonly string[] DynamicCodeSignals = ["eval", "Function", "globalThis"];

        private readonly JsonParser parser = new(engine);
        private readonly JsonSerializer serializer = new(engine);
        private ObjectInstance? variables;
        private JsonObject? variablesBefore;

        public JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : parser.Parse(node.ToJsonString());

        public JsonNode? ToJson(JsValue value)
        {
            if (value.IsUndefined() || value.IsNull())
            {
                return null;
            }

            var text = serializer.Serialize(value);
            return text.IsString() ? JsonNode.Parse(text.AsString()) : null;
        }

        public void Install(ReferencedGlobals? referenced)
        {
            var everything = referenced is null || referenced.HasDirectEvalCall || DynamicCodeSignals.Any(referenced.Contains);
            bool Referenced(string name) => everything || referenced!.Contains(name);

            // Built only when a script reads them: most expressions never touch the variables.
            engine.Advanced.AddLazyGlobal("variables", _ => Variables(), PropertyFlag.NonEnumerable);
            engine.Advanced.AddLazyGlobal("input", _ => FromJson(scope.WorkflowInput), PropertyFlag.NonEnumerable);
            engine.Advanced.AddLazyGlobal("workflowInstanceId", _ => scope.InstanceId, PropertyFlag.NonEnumerable);
            engine.Advanced.AddLazyGlobal("correlationId", _ => Text(scope.CorrelationId), PropertyFlag.NonEnumerable);
            InstallElsaFunctions();

            // Elsa's generated accessors: get/set{Variable}, then get{Input} per declared input (inputs win a clash).
            foreach (var (name, _) in scope.VariablesByName)
            {
                if (!IsAccessorName(name))
                {
                    continue;
                }

                foreach (var suffix in Suffixes(name))
                {
                    if (Referenced("get" + suffix))
                    {
                        engine.SetValue("get" + suffix, Function("get" + suffix, _ => Variables().Get(name)));
                    }

                    if (Referenced("set" + suffix))
                    {
                        engine.SetValue("set" + suffix, Function("set" + suffix, args => SetVariable(name, Arg(args, 0))));
                    }
                }
            }

            foreach (var name in scope.WorkflowInputNames.Concat(scope.WorkflowInput.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                if (IsAccessorName(name) && Referenced("get" + name))
                {
                    engine.SetValue("get" + name, Function("get" + name, _ => FromJson(scope.WorkflowInput[name])));
                }
            }

            InstallOutputAccessors(referenced, everything);
        }

        /// <summary>Writes back only the variables the script changed, so untouched values keep their exact JSON.</summary>
        public void WriteBackVariables()
        {
            if (variables is null || ToJson(variables) is not JsonObject after || JsonNode.DeepEquals(after, variablesBefore))
            {
                return;
            }

            foreach (var (name, value) in after)
            {
                if (!variablesBefore!.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value))
                {
                    scope.SetVariable(name, value?.DeepClone());
                }
            }
        }

        private ObjectInstance Variables()
        {
            if (variables is null)
            {
                variablesBefore = scope.VariablesByName.DeepClone().AsObject();
                variables = FromJson(variablesBefore).AsObject();
            }

            return variables;
        }

        private JsValue SetVariable(string name, JsValue value)
        {
            Variables().Set(name, value, throwOnError: false);
            return JsValue.Undefined;
        }

        private ClrFunction Function(string name, Func<JsValue[], JsValue> body) => new(engine, name, (_, args) => body(args));

        private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

        private static JsValue Text(string? value) => value is null ? JsValue.Null : new JsString(value);

        private static string? AsText(JsValue value) => value.IsNull() || value.IsUndefined() ? null : value.IsString() ? value.AsString() : value.ToString();

        // Elsa names accessors by the Pascal-cased name; the name as written is kept too (what scripts here used before).
        private static IEnumerable<string> Suffixes(string name) =>
            char.IsUpper(name[0]) ? [name] : [char.ToUpperInvariant(name[0]) + name[1..], name];

        // Elsa's rule: letters and digits only.
        private static bool IsAccessorName(string name) => name.Length > 0 && name.All(char.IsLetterOrDigit);
    }
}
