using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>The interpreter's side of <see cref="ActivityContext"/>.</summary>
internal interface IActivityHost
{
    string InstanceId { get; }
    string? CorrelationId { get; set; }
    DateTimeOffset Now { get; }
    double TimeScale { get; }
    JsonObject WorkflowInput { get; }
    JsonNode? GetVariable(string nameOrId);
    void SetVariable(string nameOrId, JsonNode? value);
    void SetWorkflowOutput(string name, JsonNode? value);
    void SetProperty(string name, JsonNode? value);
    void WriteHttpResponse(HttpResponseData response);
    void WriteLine(string text);
    void PublishEvent(PublishedEvent published);
    JsonNode? EvaluateExpression(JsonNode? expression);
    JsonNode? RunJavaScript(string script);
}
