using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>The execution's data: an object that starts as the input and into which steps merge their results (top level).</summary>
public static class ExecutionData
{
    /// <summary>A copy of <paramref name="data"/> with each of <paramref name="result"/>'s fields set over it.</summary>
    public static JsonObject Merge(JsonNode? data, JsonObject? result)
    {
        var merged = data is JsonObject current ? (JsonObject)current.DeepClone() : [];
        foreach (var (name, value) in result ?? [])
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The data as an object (a copy), whatever a variable held.</summary>
    public static JsonObject Of(JsonNode? data) => data is JsonObject o ? (JsonObject)o.DeepClone() : [];

    /// <summary>What the variable <c>failure</c> holds once a state fails the execution: the error, its cause and the state.</summary>
    public static JsonObject Failure(string state, string? error, string? cause) =>
        new() { ["state"] = state, ["error"] = error, ["cause"] = cause };
}
