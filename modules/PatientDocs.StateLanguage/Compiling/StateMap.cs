using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>
/// Kept in the compiled definition's <c>customProperties.stateLanguage</c>: the workflow's name and version as written, and
/// which engine activity runs which state, so an execution's steps are read from the engine's own activity executions.
/// Activities not listed (the input copy, joins, the ends) are not steps.
/// </summary>
public sealed record StateMap(string Name, string Version, IReadOnlyDictionary<string, MappedActivity> Activities)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this, Options)!;

    /// <summary>The map of a compiled definition, or null when the definition was not compiled from the state language.</summary>
    public static StateMap? Of(WorkflowDefinition definition)
    {
        try
        {
            return definition.Json["customProperties"]?[StateLanguageModule.StateMapProperty] is JsonObject map ? map.Deserialize<StateMap>(Options) : null;
        }
        catch (JsonException)
        {
            // A definition edited by hand outside the module: not one of ours to show.
            return null;
        }
    }
}
