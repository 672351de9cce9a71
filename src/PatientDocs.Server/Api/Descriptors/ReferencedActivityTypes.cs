using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Descriptors;

/// <summary>The activity type names a definition's JSON uses, at any depth (flowchart nodes and container children).</summary>
public static class ReferencedActivityTypes
{
    public static void Collect(JsonNode? node, ISet<string> types)
    {
        switch (node)
        {
            case JsonObject obj:
                // An activity has an id and a type; expressions have a type but no id.
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && obj["id"] is JsonValue)
                {
                    types.Add(typeName);
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, types);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, types);
                }

                break;
        }
    }
}
