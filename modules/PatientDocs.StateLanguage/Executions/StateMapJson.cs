using System.Text.Json;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Definitions;
using PatientDocs.StateLanguage.Compiling;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>Reads a compiled definition's <see cref="StateMap"/> from its <c>customProperties</c>.</summary>
public static class StateMapJson
{
    /// <summary>camelCase, enums by name (numbers accepted too).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>Null when the definition was not compiled from the state language.</summary>
    public static StateMap? From(WorkflowDefinition definition)
    {
        var node = definition.Json["customProperties"]?[StateLanguageModule.StateMapProperty];
        try
        {
            return node?.Deserialize<StateMap>(Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
