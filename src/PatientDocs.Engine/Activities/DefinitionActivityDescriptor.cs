using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Activities;

/// <summary>Studio's toolbox entry for a published definition marked <c>options.usableAsActivity</c>: Elsa's workflow-definition activity.</summary>
public static class DefinitionActivityDescriptor
{
    public static bool IsUsableAsActivity(WorkflowDefinition definition) =>
        definition.Json["options"]?["usableAsActivity"] is JsonValue v && v.TryGetValue<bool>(out var usable) && usable;

    /// <summary>Named after the definition (the type its parents store), with its inputs, outputs and the outcomes its Complete activities name.</summary>
    public static ActivityDescriptor Describe(WorkflowDefinition definition)
    {
        var json = definition.Json;
        var name = json["name"]?.ToString() is { Length: > 0 } n ? n : definition.DefinitionId;
        var outcomes = new List<string>();
        foreach (var declared in json["outcomes"] as JsonArray ?? [])
        {
            AddOutcome(outcomes, declared?.ToString());
        }

        CollectCompleteOutcomes(definition.Root, outcomes);
        if (outcomes.Count == 0)
        {
            outcomes.Add("Done");
        }

        return new ActivityDescriptor
        {
            TypeName = name,
            Namespace = "",
            Name = name,
            Version = definition.Version,
            Category = json["options"]?["activityCategory"]?.ToString() is { Length: > 0 } category ? category : "Workflows",
            DisplayName = json["name"]?.ToString() ?? name,
            Description = json["description"]?.ToString(),
            Kind = ActivityKind.Action,
            CustomProperties = new JsonObject { ["RootType"] = "WorkflowDefinitionActivity", ["WorkflowDefinitionId"] = definition.DefinitionId, ["WorkflowDefinitionVersionId"] = definition.Id },
            ConstructionProperties = new JsonObject { ["WorkflowDefinitionId"] = definition.DefinitionId, ["WorkflowDefinitionVersionId"] = definition.Id },
            Ports = outcomes.Select(o => new PortDescriptor(o, o)).ToList(),
            Inputs = DefinitionContract.Declared(json["inputs"]).Select((i, index) => new InputDescriptor
            {
                Name = DefinitionContract.SafeName(i.Name),
                TypeName = i.TypeName,
                DisplayName = Text(i.Json, "displayName") ?? i.Name,
                Description = Text(i.Json, "description"),
                UIHint = Text(i.Json, "uiHint") ?? "singleline",
                Category = Text(i.Json, "category"),
                StorageDriverType = Text(i.Json, "storageDriverType"),
                IsSynthetic = true,
                Order = index,
            }).ToList(),
            Outputs = DefinitionContract.Declared(json["outputs"]).Select((o, index) => new OutputDescriptor
            {
                Name = DefinitionContract.SafeName(o.Name),
                TypeName = o.TypeName,
                DisplayName = Text(o.Json, "displayName") ?? o.Name,
                Description = Text(o.Json, "description"),
                IsSynthetic = true,
                Order = index,
            }).ToList(),
        };
    }

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static void CollectCompleteOutcomes(JsonNode? node, List<string> outcomes)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.ToString() == "Elsa.Complete")
                {
                    var value = o["outcomes"] is JsonObject input && input["expression"]?["type"]?.ToString() == "Literal" ? input["expression"]!["value"] : null;
                    foreach (var outcome in value is null ? [] : Complete.OutcomeList(value?.DeepClone()))
                    {
                        AddOutcome(outcomes, outcome);
                    }
                }

                foreach (var (_, child) in o)
                {
                    CollectCompleteOutcomes(child, outcomes);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    CollectCompleteOutcomes(child, outcomes);
                }

                break;
        }
    }

    private static void AddOutcome(List<string> outcomes, string? outcome)
    {
        if (!string.IsNullOrEmpty(outcome) && !outcomes.Contains(outcome))
        {
            outcomes.Add(outcome);
        }
    }
}
