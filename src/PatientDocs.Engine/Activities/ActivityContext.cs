using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>What a control activity may see and change while it runs.</summary>
public sealed class ActivityContext
{
    private readonly IActivityHost host;

    private readonly JsonObject? json;

    internal ActivityContext(IActivityHost host, string activityId, string nodeId, string? activityName, bool isTriggerOfWorkflow = false, JsonObject? json = null)
    {
        this.host = host;
        this.json = json;
        IsTriggerOfWorkflow = isTriggerOfWorkflow;
        ActivityId = activityId;
        NodeId = nodeId;
        ActivityName = activityName;
    }

    public string InstanceId => host.InstanceId;

    public string ActivityId { get; }

    public string NodeId { get; }

    public string? ActivityName { get; }

    public string? CorrelationId
    {
        get => host.CorrelationId;
        set => host.CorrelationId = value;
    }

    public DateTimeOffset Now => host.Now;

    /// <summary>This activity is the trigger that started the instance, running for the first time (a trigger then completes at once).</summary>
    public bool IsTriggerOfWorkflow { get; }

    /// <summary>The interpreter's TimeScale: durable timers divide their duration by it.</summary>
    public double TimeScale => host.TimeScale;

    public JsonObject WorkflowInput => host.WorkflowInput;

    public JsonNode? GetVariable(string nameOrId) => host.GetVariable(nameOrId);

    public void SetVariable(string nameOrId, JsonNode? value) => host.SetVariable(nameOrId, value);

    public void SetWorkflowOutput(string name, JsonNode? value) => host.SetWorkflowOutput(name, value);

    /// <summary>Instance-level properties kept in the state (for example the HTTP response the server sends).</summary>
    public void SetProperty(string name, JsonNode? value) => host.SetProperty(name, value);

    /// <summary>The response to the HTTP request that started this burst, if it is still open; the first one written wins.</summary>
    public void WriteHttpResponse(HttpResponseData response) => host.WriteHttpResponse(response);

    public void WriteLine(string text) => host.WriteLine(text);

    /// <summary>Publishes an event when this burst commits: it resumes matching Event bookmarks and starts Event triggers.</summary>
    public void PublishEvent(PublishedEvent published) => host.PublishEvent(published);

    /// <summary>Evaluates an expression object <c>{type, value}</c> (used by activities with expression lists, such as switch cases).</summary>
    public JsonNode? Evaluate(JsonNode? expression) => host.EvaluateExpression(expression);

    public JsonNode? RunJavaScript(string script) => host.RunJavaScript(script);

    /// <summary>An input as stored in the workflow JSON (<c>{typeName, expression}</c>), for inputs the activity evaluates itself.</summary>
    public JsonNode? RawInput(string jsonName) => json?[jsonName];
}
