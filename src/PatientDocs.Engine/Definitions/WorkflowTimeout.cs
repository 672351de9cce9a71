using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;

namespace PatientDocs.Engine.Definitions;

/// <summary>
/// A definition's <c>options.timeout</c>: how long an instance may run from its start before it ends faulted as TimedOut.
/// An ISO-8601 duration (<c>PT30M</c>) or a TimeSpan (<c>00:30:00</c>); absent, null or empty means none.
/// </summary>
public static class WorkflowTimeout
{
    public const string Field = "options.timeout";

    public static JsonNode? Of(JsonObject definition) => definition["options"] is JsonObject options ? options["timeout"] : null;

    /// <summary>False with a message when the value is present but not a positive duration.</summary>
    public static bool TryRead(JsonNode? value, out TimeSpan? timeout, out string? error)
    {
        timeout = null;
        error = null;
        if (value is null || (value is JsonValue empty && empty.TryGetValue<string>(out var blank) && string.IsNullOrWhiteSpace(blank)))
        {
            return true;
        }

        if (value is JsonValue v && v.TryGetValue<string>(out var text) && Parse(text.Trim()) is { } parsed && parsed > TimeSpan.Zero)
        {
            timeout = parsed;
            return true;
        }

        error = $"The timeout must be a positive duration, ISO-8601 (PT30M) or hh:mm:ss (00:30:00); got {value.ToJsonString()}.";
        return false;
    }

    private static TimeSpan? Parse(string text)
    {
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
