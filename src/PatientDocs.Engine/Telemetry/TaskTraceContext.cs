using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// Carries the W3C trace context of the burst that enqueued a task across the task boundary, in the task's input JSON under
/// <see cref="Key"/> (no column needed; activities ignore keys that are not their inputs). Written only while the burst's span
/// is recorded, so with tracing off a task's input is exactly what it was.
/// </summary>
public static class TaskTraceContext
{
    public const string Key = "$traceparent";

    /// <summary>The task's input as JSON, with <paramref name="span"/>'s context when it is recorded.</summary>
    public static string Stamp(JsonObject input, Activity? span)
    {
        if (span is not { Recorded: true } || span.IdFormat != ActivityIdFormat.W3C)
        {
            return input.ToJsonString();
        }

        var stamped = (JsonObject)input.DeepClone();
        stamped[Key] = span.Id;
        return stamped.ToJsonString();
    }

    /// <summary>The enqueuing span's context, if the input carries one.</summary>
    public static ActivityContext? Read(string input)
    {
        if (!input.Contains(Key, StringComparison.Ordinal))
        {
            return null;
        }

        var traceParent = (JsonNode.Parse(input) as JsonObject)?[Key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : null;
    }

    /// <summary>The input without the trace context (what observers and group state see).</summary>
    public static string Without(string input)
    {
        if (!input.Contains(Key, StringComparison.Ordinal) || JsonNode.Parse(input) is not JsonObject json)
        {
            return input;
        }

        json.Remove(Key);
        return json.ToJsonString();
    }
}
