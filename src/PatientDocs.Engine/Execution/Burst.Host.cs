using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Execution;

// What activities and expressions see of the instance.
internal sealed partial class Burst
{
    private readonly List<Activities.PublishedEvent> publishedEvents = [];
    private Activities.HttpResponseData? httpResponse;

    public string InstanceId => state.Id;

    public string? CorrelationId
    {
        get => state.CorrelationId;
        set => state.CorrelationId = value;
    }

    public string WorkflowDefinitionId => state.DefinitionId;

    public string WorkflowDefinitionVersionId => state.DefinitionVersionId;

    public int WorkflowDefinitionVersion => state.DefinitionVersion;

    public IReadOnlyList<string> WorkflowInputNames => definition.InputNames;

    DateTimeOffset Activities.IActivityHost.Now => Now;

    public double TimeScale => options.TimeScale;

    public JsonNode? LastResult => state.LastResult;

    public void SetProperty(string name, JsonNode? value) => state.Properties[name] = value;

    public void WriteHttpResponse(Activities.HttpResponseData response) => httpResponse ??= response;

    public void WriteLine(string text) => options.WriteLine?.Invoke(state.Id, text);

    public void PublishEvent(Activities.PublishedEvent published) => publishedEvents.Add(published);

    public JsonNode? EvaluateExpression(JsonNode? expression) => evaluator.Evaluate(expression, this);

    public JsonNode? RunJavaScript(string script) => evaluator.RunJavaScript(script, this);

    public bool HasActivity(string activityIdOrName) => model.ActivitiesById.ContainsKey(activityIdOrName) || model.ActivitiesByName.ContainsKey(activityIdOrName);

    public JsonNode? GetOutputFrom(string activityIdOrName, string? outputName)
    {
        var id = model.ActivitiesById.ContainsKey(activityIdOrName) ? activityIdOrName
            : model.ActivitiesByName.TryGetValue(activityIdOrName, out var byName) ? byName.Id
            : activityIdOrName;
        if (state.ActivityOutputs[id] is not JsonObject outputs)
        {
            return null;
        }

        return outputName is null ? (outputs["result"] ?? outputs.FirstOrDefault().Value) : outputs[outputName] ?? outputs[Camel(outputName)];
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
