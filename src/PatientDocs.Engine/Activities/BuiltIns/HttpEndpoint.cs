using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// The HTTP trigger. The server matches requests on path and methods and starts the workflow with the request body as
/// workflow input <c>body</c>; run as the start activity it completes at once with that body as its parsed content.
/// </summary>
[Activity("Elsa", "HttpEndpoint", Category = "HTTP", DisplayName = "HTTP Endpoint", Description = "Starts the workflow on an HTTP request.", Kind = ActivityKind.Trigger)]
public sealed class HttpEndpoint : ControlActivity
{
    [Input(Description = "The path relative to /workflows, e.g. patient-documents.", Order = 0)]
    public string? Path { get; set; }

    [Input(UIHint = "checklist", Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], Order = 1, DefaultValue = new[] { "GET" })]
    public string[] SupportedMethods { get; set; } = ["GET"];

    [Input(UIHint = "checkbox", Order = 2)]
    public bool Authorize { get; set; }

    [Input(Order = 3)]
    public string? Policy { get; set; }

    [Output]
    public JsonNode? ParsedContent { get; set; }

    [Output]
    public JsonNode? QueryStringData { get; set; }

    [Output]
    public JsonNode? Headers { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        var input = context.WorkflowInput;
        ParsedContent = (input["body"] ?? input).DeepClone();
        QueryStringData = input["query"]?.DeepClone();
        Headers = input["headers"]?.DeepClone();
        return ActivityResult.Done();
    }
}
