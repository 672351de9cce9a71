using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Descriptors;

/// <summary>The catalogues Studio loads with the designer. Every one answers a list (possibly empty), never 404.</summary>
public static class DescriptorEndpoints
{
    private const int DefinitionPageSize = 500;

    private static readonly ExpressionDescriptorModel[] ExpressionDescriptors =
    [
        new("Literal", "Literal", true, false, new Dictionary<string, string>()),
        new("Object", "Object", true, false, new Dictionary<string, string>()),
        new("JavaScript", "JavaScript", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" }),
        new("Variable", "Variable", true, true, new Dictionary<string, string>()),
        new("Input", "Input", true, true, new Dictionary<string, string>()),
        new("Liquid", "Liquid", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "liquid" }),
    ];

    private static readonly StrategyDescriptorModel[] ActivationStrategies =
    [
        new("Elsa.Workflows.Runtime.ActivationStrategies.AllowAlwaysStrategy", "Always", "Always allow the creation of a new workflow instance."),
    ];

    private static readonly StrategyDescriptorModel[] LogPersistenceStrategies =
    [
        new("Elsa.Workflows.LogPersistence.Strategies.Include", "Include", "Journal records are kept."),
    ];

    private static readonly StrategyDescriptorModel[] IncidentStrategies =
    [
        new("Elsa.Workflows.IncidentStrategies.FaultStrategy", "Fault", "An incident faults the workflow instance."),
    ];

    private static readonly VariableTypeModel[] VariableTypes =
    [
        new("Object", "Object", "Primitives", "Any value."),
        new("String", "String", "Primitives", "Text."),
        new("Boolean", "Boolean", "Primitives", "True or false."),
        new("Int32", "Int32", "Primitives", "A 32-bit integer."),
        new("Int64", "Int64", "Primitives", "A 64-bit integer."),
        new("Double", "Double", "Primitives", "A floating-point number."),
        new("Decimal", "Decimal", "Primitives", "A decimal number."),
        new("Guid", "Guid", "Primitives", "A GUID."),
        new("DateTimeOffset", "DateTimeOffset", "Primitives", "A point in time."),
        new("TimeSpan", "TimeSpan", "Primitives", "A duration."),
        new("JsonObject", "JsonObject", "Dynamic", "A JSON object."),
    ];

    private static readonly StorageDriverModel[] StorageDrivers =
    [
        new("Elsa.Workflows.Services.WorkflowInstanceStorageDriver", "Workflow instance", 0, false),
        new("Elsa.Workflows.Services.MemoryStorageDriver", "Memory", -1, false),
    ];

    public static RouteGroupBuilder MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", ListActivitiesAsync);
        api.MapGet("/descriptors/expression-descriptors", () => List(ExpressionDescriptors));
        api.MapGet("/descriptors/workflow-activation-strategies", () => List(ActivationStrategies));
        api.MapGet("/descriptors/log-persistence-strategies", () => List(LogPersistenceStrategies));
        api.MapGet("/descriptors/incident-strategies", () => List(IncidentStrategies));
        api.MapGet("/descriptors/commit-strategies/workflows", () => List<CommitStrategyModel>([]));
        api.MapGet("/descriptors/commit-strategies/activities", () => List<CommitStrategyModel>([]));
        api.MapGet("/descriptors/variables", () => List(VariableTypes));
        api.MapGet("/descriptors/storage-drivers", () => List(StorageDrivers));
        api.MapGet("/descriptors/output-converters", () => List<OutputConverterModel>([]));
        api.MapGet("/features/installed", () => List<FeatureModel>([]));
        api.MapPost("/scripting/javascript/type-definitions/{definitionId}", TypeDefinitionsAsync);
        return api;
    }

    private static JsonHttpResult<ListResponse<T>> List<T>(IReadOnlyList<T> items) =>
        TypedResults.Json(new ListResponse<T>(items, items.Count), DescriptorJson.Options);

    private static async Task<JsonHttpResult<ListResponse<ActivityDescriptor>>> ListActivitiesAsync(
        [FromServices] ActivityRegistry registry, IWorkflowStore store, CancellationToken cancellationToken)
    {
        var descriptors = registry.ListDescriptors().ToList();
        var usable = new List<ActivityDescriptor>();
        var referenced = await ReferencedTypesAsync(store, usable, cancellationToken);
        descriptors.AddRange(usable.Where(u => registry.Find(u.TypeName) is null).OrderBy(u => u.TypeName, StringComparer.Ordinal));
        var known = descriptors.Select(d => d.TypeName).ToHashSet(StringComparer.Ordinal);

        // A type the registry lacks would render the whole canvas blank, so it gets a placeholder.
        descriptors.AddRange(referenced.Where(t => !known.Contains(t)).Order(StringComparer.Ordinal).Select(ActivityRegistry.DescribeUnknown));
        return List<ActivityDescriptor>(descriptors);
    }

    /// <summary>Every activity type the stored definitions use; the published ones usable as activities are described into <paramref name="usable"/>.</summary>
    private static async Task<SortedSet<string>> ReferencedTypesAsync(IWorkflowStore store, List<ActivityDescriptor> usable, CancellationToken cancellationToken)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        for (var page = 0; ; page++)
        {
            var query = new DefinitionQuery { VersionOptions = VersionOptions.AllVersions, Page = page, PageSize = DefinitionPageSize };
            var result = await store.ListDefinitionsAsync(query, cancellationToken);
            foreach (var definition in result.Items)
            {
                ReferencedActivityTypes.Collect(definition.Root, types);
                if (definition.IsPublished && DefinitionActivityDescriptor.IsUsableAsActivity(definition))
                {
                    usable.Add(DefinitionActivityDescriptor.Describe(definition));
                }
            }

            if (result.Items.Count < DefinitionPageSize || (long)(page + 1) * DefinitionPageSize >= result.TotalCount)
            {
                return types;
            }
        }
    }

    private static async Task<ContentHttpResult> TypeDefinitionsAsync(
        IWorkflowStore store, string definitionId, TypeDefinitionRequest? request, CancellationToken cancellationToken)
    {
        // An unknown definition still gets the common declarations: Monaco only logs a failed request.
        var definition = await store.FindDefinitionAsync(definitionId, VersionOptions.Latest, cancellationToken);
        var text = new StringBuilder()
            .AppendLine("// PatientDocs JavaScript expressions (ES2023, Elsa 3's functions).")
            .AppendLine("declare const workflowInstanceId: string;")
            .AppendLine("declare const correlationId: string | null;")
            .AppendLine("declare const variables: Record<string, any>;")
            .AppendLine("declare const input: Record<string, any>;")
            .AppendLine("declare function getVariable(name: string): any;")
            .AppendLine("declare function setVariable(name: string, value: any): void;")
            .AppendLine("declare function getInput(name: string): any;")
            .AppendLine("declare function getOutputFrom(activityIdOrName: string, outputName?: string): any;")
            .AppendLine("declare function getLastResult(): any;")
            .AppendLine("declare function getWorkflowDefinitionId(): string;")
            .AppendLine("declare function getWorkflowDefinitionVersionId(): string;")
            .AppendLine("declare function getWorkflowDefinitionVersion(): number;")
            .AppendLine("declare function getWorkflowInstanceId(): string;")
            .AppendLine("declare function getCorrelationId(): string | null;")
            .AppendLine("declare function setCorrelationId(value: string | null): void;")
            .AppendLine("declare function isNullOrEmpty(value: string | null | undefined): boolean;")
            .AppendLine("declare function isNullOrWhiteSpace(value: string | null | undefined): boolean;")
            .AppendLine("declare function toJson(value: any): string;")
            .AppendLine("declare function parseGuid(value: string): string;")
            .AppendLine("declare function newGuid(): string;")
            .AppendLine("declare function newGuidString(): string;")
            .AppendLine("declare function newShortGuid(): string;")
            .AppendLine("declare function bytesFromString(value: string): number[];")
            .AppendLine("declare function bytesToString(value: number[]): string;")
            .AppendLine("declare function bytesFromBase64(value: string): number[];")
            .AppendLine("declare function bytesToBase64(value: number[]): string;")
            .AppendLine("declare function stringToBase64(value: string): string;")
            .AppendLine("declare function stringFromBase64(value: string): string;");
        foreach (var variable in (definition?.Json["variables"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (variable["name"] is JsonValue name && name.TryGetValue<string>(out var variableName) && IsIdentifier(variableName))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"declare let {variableName}: any;");
            }
        }

        return TypedResults.Text(text.ToString(), "application/x-typescript");
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
