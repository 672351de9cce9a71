using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Jint;
using Jint.Native;
using Jint.Runtime.Descriptors;

namespace PatientDocs.Engine.Expressions;

internal sealed partial class JavaScriptEvaluator
{
    private sealed partial class ScriptRun
    {
        // Elsa's toJson escapes as System.Text.Json does with every Unicode range allowed.
        private static readonly JsonSerializerOptions ToJsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

        /// <summary>The functions Elsa's JavaScript module installs, with Elsa's names and semantics.</summary>
        private void InstallElsaFunctions()
        {
            Add("getWorkflowDefinitionId", _ => scope.WorkflowDefinitionId);
            Add("getWorkflowDefinitionVersionId", _ => scope.WorkflowDefinitionVersionId);
            Add("getWorkflowDefinitionVersion", _ => scope.WorkflowDefinitionVersion);
            Add("getWorkflowInstanceId", _ => scope.InstanceId);
            Add("getCorrelationId", _ => Text(scope.CorrelationId));
            Add("setCorrelationId", args =>
            {
                scope.CorrelationId = AsText(Arg(args, 0));
                return JsValue.Undefined;
            });
            Add("getVariable", args => AsText(Arg(args, 0)) is { } name ? GetVariable(name) : JsValue.Undefined);
            Add("setVariable", args => AsText(Arg(args, 0)) is { } name ? SetVariable(name, Arg(args, 1)) : JsValue.Undefined);
            Add("getInput", args => AsText(Arg(args, 0)) is { } name ? FromJson(scope.WorkflowInput[name]) : JsValue.Undefined);
            Add("getOutputFrom", args => AsText(Arg(args, 0)) is { } activity ? FromJson(scope.GetOutputFrom(activity, AsText(Arg(args, 1)))) : JsValue.Undefined);
            Add("getLastResult", _ => FromJson(scope.LastResult));
            Add("isNullOrWhiteSpace", args => string.IsNullOrWhiteSpace(AsText(Arg(args, 0))));
            Add("isNullOrEmpty", args => string.IsNullOrEmpty(AsText(Arg(args, 0))));
            Add("toJson", args => ToJson(Arg(args, 0)) is { } node ? node.ToJsonString(ToJsonOptions) : "null");
            Add("parseGuid", args => Guid.Parse(AsText(Arg(args, 0)) ?? "").ToString());
            Add("newGuid", _ => Guid.NewGuid().ToString());
            Add("newGuidString", _ => Guid.NewGuid().ToString());
            Add("getGuidString", _ => Guid.NewGuid().ToString());
            Add("newShortGuid", _ => ShortGuid());
            Add("getShortGuid", _ => ShortGuid());
            Add("bytesToString", args => Encoding.UTF8.GetString(Bytes(Arg(args, 0))));
            Add("bytesFromString", args => ByteArray(Encoding.UTF8.GetBytes(AsText(Arg(args, 0)) ?? "")));
            Add("bytesToBase64", args => Convert.ToBase64String(Bytes(Arg(args, 0))));
            Add("bytesFromBase64", args => ByteArray(Convert.FromBase64String(AsText(Arg(args, 0)) ?? "")));
            Add("stringToBase64", args => Convert.ToBase64String(Encoding.UTF8.GetBytes(AsText(Arg(args, 0)) ?? "")));
            Add("stringFromBase64", args => Encoding.UTF8.GetString(Convert.FromBase64String(AsText(Arg(args, 0)) ?? "")));
        }

        // getVariable also takes a variable's id, as the engine's other variable lookups do.
        private JsValue GetVariable(string name)
        {
            var all = Variables();
            return all.HasOwnProperty(name) ? all.Get(name) : FromJson(scope.GetVariable(name));
        }

        private void Add(string name, Func<JsValue[], JsValue> body) =>
            engine.Advanced.AddLazyGlobal(name, _ => Function(name, body), PropertyFlag.NonEnumerable);

        private JsArray ByteArray(byte[] bytes) => new(engine, bytes.Select(b => (JsValue)(int)b).ToArray());

        // A byte array is a JavaScript array of numbers here (what toJson and variables hold).
        private static byte[] Bytes(JsValue value)
        {
            if (value is not JsArray array)
            {
                throw new ArgumentException("Expected an array of bytes.");
            }

            var bytes = new byte[array.Length];
            for (uint i = 0; i < bytes.Length; i++)
            {
                bytes[i] = checked((byte)array.Get(i).AsNumber());
            }

            return bytes;
        }

        private static string ShortGuid() => ShortGuidNoise().Replace(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "");

        [GeneratedRegex("[/+=]")]
        private static partial Regex ShortGuidNoise();
    }
}
