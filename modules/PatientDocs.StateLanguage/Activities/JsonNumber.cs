using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>Reads a JSON number whether it was parsed or constructed (a constructed int does not read as a double).</summary>
public static class JsonNumber
{
    public static double? Read(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)
            : null;
}
