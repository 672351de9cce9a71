using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>A definition as Studio reads it: the stored JSON plus links; the publish link is what makes the editor editable.</summary>
public static class DefinitionJson
{
    public static JsonObject WithLinks(WorkflowDefinition definition)
    {
        var json = (JsonObject)definition.Json.DeepClone();
        var id = Uri.EscapeDataString(definition.DefinitionId);
        var links = new JsonArray();
        if (definition.IsLatest)
        {
            links.Add(LinkNode($"/workflow-definitions/{id}/publish", "publish", "POST"));
        }

        if (definition.IsPublished)
        {
            links.Add(LinkNode($"/workflow-definitions/{id}/retract", "retract", "POST"));
        }

        links.Add(LinkNode($"/workflow-definitions/{id}/execute", "execute", "POST"));
        json["links"] = links;
        json["isReadonly"] ??= false;
        json["materializerName"] ??= "Json";
        foreach (var list in (string[])["variables", "inputs", "outputs", "outcomes"])
        {
            json[list] ??= new JsonArray();
        }

        json["customProperties"] ??= new JsonObject();

        // Studio's Create dialog saves options null and a bare root; its settings panel and graph index need both filled in.
        json["options"] ??= new JsonObject
        {
            ["activationStrategyType"] = null,
            ["usableAsActivity"] = null,
            ["autoUpdateConsumingWorkflows"] = false,
            ["activityCategory"] = null,
            ["incidentStrategyType"] = null,
            ["commitStrategyName"] = null,
        };
        if (json["root"] is JsonObject root)
        {
            // The engine names a root without a nodeId by its id; Studio indexes activities by nodeId and rejects a null key.
            root["nodeId"] ??= root["id"]?.DeepClone();
            if (root["type"]?.ToString() == "Elsa.Flowchart")
            {
                root["activities"] ??= new JsonArray();
                root["connections"] ??= new JsonArray();
            }
        }

        return json;
    }

    private static JsonObject LinkNode(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };
}
